package io.momoko;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the public API free of driver types and the core free of Spring. */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.momoko");

    @Test
    void publicApiExposesNoVertxType() {
        List<String> leaks = new ArrayList<>();
        for (JavaClass type : CORE) {
            if (!type.getPackageName().equals("io.momoko") || !type.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            for (JavaMethod method : type.getMethods()) {
                if (!method.getModifiers().contains(JavaModifier.PUBLIC)) {
                    continue;
                }
                List<String> signature = new ArrayList<>();
                signature.add(method.getReturnType().toErasure().getName());
                method.getRawParameterTypes().forEach(parameter -> signature.add(parameter.getName()));
                if (method.getFullName().equals("io.momoko.Pool$Builder.vertx(io.vertx.core.Vertx)")) {
                    continue; // sharing the application's Vert.x instance is the one sanctioned exception
                }
                signature.stream().filter(name -> name.startsWith("io.vertx") || name.startsWith("io.netty"))
                        .forEach(name -> leaks.add(method.getFullName() + " uses " + name));
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void coreDoesNotDependOnSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CORE);
    }

    @Test
    void apiDoesNotDependOnVertxExceptThroughTheEngine() {
        noClasses().that().resideInAPackage("io.momoko").and().doNotHaveFullyQualifiedName("io.momoko.Pool$Builder")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..").check(CORE);
    }
}
