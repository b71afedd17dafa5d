package io.secretjdbc.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error names the file and the 1-based line, says what is wrong and what to do. */
class FlowLoaderErrorTest {

    @TempDir
    Path dir;

    private AbstractThrowableAssert<?, ? extends Throwable> loading(String yaml) throws IOException {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, yaml);
        return assertThatThrownBy(() -> FlowLoader.load(List.of("bad.yml"), dir, Map.of()))
                .isInstanceOf(FlowException.class);
    }

    private String at(int line) {
        return dir.resolve("bad.yml") + ":" + line + ": ";
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() throws Exception {
        loading("""
                id: broken
                inputs:
                  - id: secret
                    type: SECRET
                   bad: indentation
                """)
                .hasMessageStartingWith(at(5) + "invalid YAML")
                .hasMessageEndingWith("(fix the YAML syntax on that line)");
    }

    @Test
    void unclosedFlowSequenceNamesTheLineWhereYamlNoticesIt() throws Exception {
        loading("id: x\ninputs: [\n  {id: a, type: SECRET}\n\n").hasMessageStartingWith(at(5) + "invalid YAML");
    }

    @Test
    void syntaxErrorInALaterDocumentCountsLinesFromTheTopOfTheFile() throws Exception {
        loading("""
                id: ok
                inputs: []
                ---
                id: broken
                description: "unterminated
                """)
                .hasMessageStartingWith(at(6) + "invalid YAML")
                .hasMessageContaining("while scanning a quoted scalar on line 5");
    }

    @Test
    void tabIndentationIsAYamlError() throws Exception {
        loading("id: t\ninputs:\n\t- id: a\n").hasMessageStartingWith(at(3) + "invalid YAML");
    }

    @Test
    void documentWithoutIdNamesItsFirstLine() throws Exception {
        loading("""
                id: first
                ---
                # no id in this one
                namespace: dev
                inputs:
                  - id: s
                    type: SECRET
                """)
                .hasMessage(at(4) + "flow has no id (add an id: line; the flow id names the table)");
    }

    @Test
    void blankIdIsNoId() throws Exception {
        loading("id: ''\ninputs: []\n").hasMessageStartingWith(at(1) + "flow has no id");
        loading("namespace: dev\nid:\n").hasMessageStartingWith(at(1) + "flow has no id");
    }

    @Test
    void idThatIsAListIsRefused() throws Exception {
        loading("namespace: dev\nid:\n  - a\n").hasMessageStartingWith(at(3) + "the flow id must be a single value");
    }

    @Test
    void inputWithoutIdNamesTheInputLine() throws Exception {
        loading("""
                id: flow
                inputs:
                  - id: fine
                    type: STRING
                  - type: SECRET
                    description: forgot the id
                """)
                .hasMessage(at(5) + "input #2 of inputs has no id (add id: with the input name; it names the column)");
    }

    @Test
    void outputWithoutTypeNamesTheOutputLine() throws Exception {
        loading("""
                id: flow
                outputs:
                  - id: result
                    value: "{{ outputs.x }}"
                """)
                .hasMessageStartingWith(at(3) + "output 'result' has no type (add type: with one of STRING, ENUM,");
    }

    @Test
    void unknownTypeNamesLineIdAndKnownTypes() throws Exception {
        loading("""
                id: flow
                inputs:
                  - id: ok
                    type: STRING
                  - id: password
                    description: typo below
                    type: SECERT
                """)
                .hasMessage(at(7) + "input 'password' has unknown type 'SECERT' (use one of STRING, ENUM, SELECT,"
                        + " MULTISELECT, INT, FLOAT, BOOLEAN, BOOL, DATETIME, DATE, TIME, DURATION, FILE, JSON, URI,"
                        + " SECRET, ARRAY, YAML, EMAIL)");
    }

    @Test
    void nonListInputsNamesItsLine() throws Exception {
        loading("""
                id: flow
                namespace: dev

                inputs:
                  secret:
                    type: SECRET
                """)
                .hasMessageStartingWith(at(5) + "inputs must be a list, found a mapping (write each input as");
    }

    @Test
    void nonListOutputsNamesItsLine() throws Exception {
        loading("id: flow\noutputs: secret_output\n")
                .hasMessageStartingWith(at(2) + "outputs must be a list, found a single value");
    }

    @Test
    void inputThatIsNotAMappingNamesItsLine() throws Exception {
        loading("id: flow\ninputs:\n  - secret\n")
                .hasMessageStartingWith(at(3) + "input #1 of inputs must be a mapping, found a single value");
    }

    @Test
    void nonMappingDocumentNamesItsLine() throws Exception {
        loading("""
                id: fine
                ---
                - id: a
                  type: SECRET
                """)
                .hasMessageStartingWith(at(3) + "a flow must be a mapping of keys such as id, namespace and inputs,"
                        + " found a list (write the flow as key: value lines)");
    }

    @Test
    void scalarDocumentIsNotAFlow() throws Exception {
        loading("just some text\n").hasMessageStartingWith(at(1) + "a flow must be a mapping");
    }

    @Test
    void duplicateInputsKeyIsRefusedRatherThanDroppingSecrets() throws Exception {
        loading("""
                id: flow
                inputs:
                  - id: a
                    type: SECRET
                tasks: []
                inputs:
                  - id: b
                    type: STRING
                """)
                .hasMessage(at(6) + "key 'inputs' is given twice (keep one of them)");
    }

    @Test
    void duplicateUnreadKeysAreNotOurBusiness() throws Exception {
        Files.writeString(dir.resolve("dup.yml"), "id: d\ntasks: []\ntasks: []\ninputs: []\n");

        assertThat(FlowLoader.load(List.of("dup.yml"), dir, Map.of()).tableNames()).containsExactly("d");
    }

    @Test
    void nonUtf8FileIsNamed() throws Exception {
        Files.write(dir.resolve("bad.yml"), "id: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> FlowLoader.load(List.of("bad.yml"), dir, Map.of()))
                .isInstanceOf(FlowException.class)
                .hasMessage(dir.resolve("bad.yml") + ": not UTF-8 text (save the flow file as UTF-8)");
    }

    @Test
    void controlCharacterNamesItsLine() throws Exception {
        loading("id: a\nnamespace: dev\ndescription: bell\u0007here\n").hasMessageStartingWith(at(3) + "invalid YAML");
    }

    @Test
    void missingFileIsNamedWithWhereRelativePathsResolve() {
        assertThatThrownBy(() -> FlowLoader.load(List.of("nope/flows.yml"), dir, Map.of()))
                .isInstanceOf(FlowException.class)
                .hasMessage(dir.resolve("nope/flows.yml") + ": flow file or folder not found (check the flow"
                        + " location in secret.flows; a relative location resolves against " + dir + ")");
    }

    @Test
    void errorInAFolderNamesTheFileInsideIt() throws Exception {
        Files.createDirectories(dir.resolve("flows/team"));
        Files.writeString(dir.resolve("flows/a.yml"), "id: a\n");
        Files.writeString(dir.resolve("flows/team/b.yaml"), "id: b\ninputs:\n  - id: x\n    type: NUMBER\n");

        assertThatThrownBy(() -> FlowLoader.load(List.of("flows"), dir, Map.of()))
                .hasMessageStartingWith(dir.resolve("flows/team/b.yaml") + ":4: input 'x' has unknown type 'NUMBER'");
    }

    @Test
    void incompleteOrConflictingTableMappingIsRefused() {
        assertThatThrownBy(() -> FlowLoader.load(List.of(), dir, Map.of("dev.flow", " ")))
                .isInstanceOf(FlowException.class)
                .hasMessageContaining("dev.flow")
                .hasMessageContaining("map a flow's namespace.id to a table name");

        Map<String, String> twice = new LinkedHashMap<>();
        twice.put("dev.Flow", "one");
        twice.put("DEV.flow", "two");
        assertThatThrownBy(() -> FlowLoader.load(List.of(), dir, twice))
                .isInstanceOf(FlowException.class)
                .hasMessage("tables: dev.flow is mapped to both one and two"
                        + " (keys are compared case-insensitively; keep one)");
    }
}
