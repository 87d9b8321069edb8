package org.sharerengine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

/** The sharer distribution engine: one deployable modular monolith (see DESIGN.md). */
@SpringBootApplication
@Modulithic(sharedModules = "shared")
public class App {

    public static void main(String[] args) {
        SpringApplication.run(App.class, args);
    }
}
