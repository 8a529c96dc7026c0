package io.momoko.sample.mvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring MVC application on virtual threads using Momoko's blocking API with {@code @Transactional}. Run it
 * with {@code --momoko.url=postgresql://user@host:5432/db}.
 */
@SpringBootApplication
public class MvcSampleApplication {

    /**
     * Starts the application.
     *
     * @param args Spring Boot arguments, for example {@code --momoko.url=...}
     */
    public static void main(String[] args) {
        SpringApplication.run(MvcSampleApplication.class, args);
    }
}
