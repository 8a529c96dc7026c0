package io.momoko;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the public API free of driver types, the core free of Spring, the engine behind one door, and the
 * module's exports to the API.
 */
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

    @Test
    void theApiReachesTheEngineOnlyThroughItsFactory() {
        // The one sanctioned edge from io.momoko to io.momoko.internal: Momoko.connect and Pool.Builder.build
        // create objects through Engine (with PoolSettings). Everything else in the engine uses the API, not
        // the other way round, so the two packages form no cycle.
        noClasses().that().resideInAPackage("io.momoko")
                .and().doNotHaveFullyQualifiedName("io.momoko.Pool$Builder")
                .and().doNotHaveFullyQualifiedName("io.momoko.Momoko")
                .should().dependOnClassesThat().resideInAPackage("io.momoko.internal..").check(CORE);
        List<String> edges = new ArrayList<>();
        for (JavaClass type : CORE) {
            if (!type.getPackageName().equals("io.momoko")) {
                continue;
            }
            type.getDirectDependenciesFromSelf().stream()
                    .map(dependency -> dependency.getTargetClass().getName())
                    .filter(target -> target.startsWith("io.momoko.internal."))
                    .forEach(target -> edges.add(type.getName() + " -> " + target));
        }
        assertThat(edges).isNotEmpty().allSatisfy(edge -> assertThat(edge).matches(
                "io\\.momoko\\.(Pool\\$Builder|Momoko) -> io\\.momoko\\.internal\\.(Engine|PoolSettings)"));
    }

    @Test
    void theModuleExportsOnlyTheApiAndTheMetricsSpi() throws IOException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        assertThat(module.name()).isEqualTo("io.momoko");
        assertThat(module.exports()).allSatisfy(export -> assertThat(export.isQualified()).isFalse())
                .extracting(ModuleDescriptor.Exports::source).containsExactlyInAnyOrder("io.momoko", "io.momoko.metrics");
        assertThat(module.opens()).isEmpty();
    }
}
