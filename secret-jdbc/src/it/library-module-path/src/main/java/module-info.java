/** An application module: it names the library's automatic module as a JPMS application would. */
module example.modular {
    requires java.sql;
    requires io.secretjdbc;
    requires com.h2database;
}
