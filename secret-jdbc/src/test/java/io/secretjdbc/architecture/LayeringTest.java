package io.secretjdbc.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.secretjdbc.SecretDriver;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering of the library (issue 12): each package imports only the layers below it, so the
 * crypto and the registry can be read, tested and trusted without the SQL or JDBC code, and all SQL
 * judgement stays in sql. A new package must be given its place here ({@link #everyClassIsInALayer}).
 *
 * <pre>
 *   io.secretjdbc (SecretDriver, SecretDataSource)  anything of the library
 *   jdbc      sql, crypto, config, registry, cache  (registry: the Plan speaks of SecretColumns)
 *   guard     registry, crypto, cache
 *   config    registry, crypto, cache
 *   sql       registry, cache, dialect
 *   dialect   registry, cache
 *   crypto, registry, cache                         nothing of ours
 * </pre>
 * The command line (io.secretjdbc.cli) is another module that depends on this one: the library cannot
 * import it, and no class of it may live here.
 */
class LayeringTest {

    private static final String[] LAYERS = {"jdbc", "guard", "config", "sql", "dialect", "crypto", "registry", "cache"};

    private static JavaClasses library;

    @BeforeAll
    static void importLibrary() throws Exception {
        // The library's own class folder (or jar) only: scanning the whole class path for the package
        // cost ~10 s of reading the drivers' jars.
        Path classes = Path.of(SecretDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        library = new ClassFileImporter().importPath(classes);
    }

    private static ArchRule layer(String layer, String... allowed) {
        List<String> packages = new ArrayList<>(List.of("io.secretjdbc." + layer + ".."));
        for (String other : allowed) {
            packages.add("io.secretjdbc." + other + "..");
        }
        return classes().that().resideInAPackage("io.secretjdbc." + layer + "..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.secretjdbc..")
                        .or(resideInAnyPackage(packages.toArray(String[]::new))))
                .allowEmptyShould(true); // guard and dialect are being written
    }

    @Test
    void theImportSeesTheLibrary() {
        // the rules below would hold vacuously on an empty import
        assertThat(library.containPackage("io.secretjdbc.sql")).isTrue();
        assertThat(library.containPackage("io.secretjdbc.jdbc")).isTrue();
        assertThat(library.size()).isGreaterThan(50);
    }

    @Test
    void cryptoRegistryAndCacheImportNothingOfOurs() {
        layer("crypto").check(library);
        layer("registry").check(library);
        layer("cache").check(library);
    }

    @Test
    void sqlImportsOnlyTheRegistryTheCacheAndTheDialects() {
        layer("sql", "registry", "cache", "dialect").check(library);
        layer("dialect", "registry", "cache").check(library);
    }

    @Test
    void configImportsOnlyTheRegistryCryptoAndTheCache() {
        layer("config", "registry", "crypto", "cache").check(library);
    }

    @Test
    void guardImportsOnlyTheRegistryCryptoAndTheCache() {
        layer("guard", "registry", "crypto", "cache").check(library);
    }

    @Test
    void jdbcImportsOnlyTheLayersBelowIt() {
        layer("jdbc", "sql", "crypto", "config", "registry", "cache").check(library);
    }

    @Test
    void everyClassIsInALayer() {
        String[] known = new String[LAYERS.length];
        for (int i = 0; i < LAYERS.length; i++) {
            known[i] = "io.secretjdbc." + LAYERS[i] + "..";
        }
        classes().should().resideInAnyPackage(known).orShould().resideInAPackage("io.secretjdbc")
                .because("a new package needs its place in the layering (LayeringTest)").check(library);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.secretjdbc.cli..").check(library);
    }
}
