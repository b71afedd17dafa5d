package io.secretjdbc.registry;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads the flows of one YAML file into a registry builder. It works on the composed node tree, not on
 * constructed Java objects, so that every error can name its line, and it reads only {@code id},
 * {@code namespace}, {@code inputs} and {@code outputs}: the rest of a flow (tasks, triggers, templated
 * values, plugin defaults) is Kestra's business and is never looked at, so it cannot be rejected.
 */
final class FlowParser {

    /** Kestra's input and output types (io.kestra.core.models.flows.Type); outputs use the same set. */
    static final Set<String> KNOWN_TYPES = new LinkedHashSet<>(List.of(
            "STRING", "ENUM", "SELECT", "MULTISELECT", "INT", "FLOAT", "BOOLEAN", "BOOL", "DATETIME", "DATE",
            "TIME", "DURATION", "FILE", "JSON", "URI", "SECRET", "ARRAY", "YAML", "EMAIL"));

    private static final String SECRET = "SECRET";
    private static final Set<String> FLOW_KEYS = Set.of("id", "namespace", "inputs", "outputs");
    // "name" is how Kestra before 0.15 named an input
    private static final Set<String> COLUMN_KEYS = Set.of("id", "name", "type");

    private final String file;
    private final Map<String, String> tableMapping;
    private final Set<String> usedMappings;
    private final SecretRegistry.Builder builder;

    /**
     * @param file         the name errors use ({@code path} or {@code classpath:path})
     * @param tableMapping lower-cased {@code namespace.id} to registry table name
     * @param usedMappings collects the mapping keys that matched a flow
     */
    FlowParser(String file, Map<String, String> tableMapping, Set<String> usedMappings,
               SecretRegistry.Builder builder) {
        this.file = file;
        this.tableMapping = tableMapping;
        this.usedMappings = usedMappings;
        this.builder = builder;
    }

    void parse(byte[] bytes) throws FlowException {
        String text = decode(bytes);
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setSchema(new CoreSchema()) // YAML 1.2 core: ~ and null are null, as Kestra reads them
                .build();
        try {
            for (Node document : documents(settings, text)) {
                flow(document);
            }
        } catch (MarkedYamlEngineException e) {
            // the problem text, not getMessage(): that one quotes a snippet of the file
            Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> m.getLine() + 1).orElse(1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            // an unterminated quote is noticed at the end of the file; the context says where it began
            String context = "";
            if (e.getProblem() != null && e.getContext() != null && e.getContextMark().isPresent()
                    && e.getContextMark().get().getLine() + 1 != line) {
                context = ", " + e.getContext() + " on line " + (e.getContextMark().get().getLine() + 1);
            }
            throw new FlowException(file + ":" + line + ": invalid YAML, " + problem + context
                    + " (fix the YAML syntax on that line)");
        } catch (ReaderException e) {
            throw new FlowException(file + ":" + lineOfCodePoint(text, e.getPosition())
                    + ": invalid YAML, a character YAML does not allow (U+"
                    + String.format(Locale.ROOT, "%04X", e.getCodePoint()) + ") (remove it)");
        } catch (YamlEngineException e) {
            throw new FlowException(file + ": invalid YAML, " + e.getMessage() + " (fix the file)");
        }
    }

    private String decode(byte[] bytes) throws FlowException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new FlowException(file + ": not UTF-8 text (save the flow file as UTF-8)");
        }
    }

    private void flow(Node document) throws FlowException {
        if (isNull(document)) {
            return; // an empty document, such as the one after a trailing ---
        }
        if (!(document instanceof MappingNode mapping)) {
            throw error(document, "a flow must be a mapping of keys such as id, namespace and inputs, found "
                    + describe(document), "write the flow as key: value lines");
        }
        Map<String, Node> fields = fields(mapping, FLOW_KEYS);
        String id = text(fields.get("id"), "the flow id");
        if (id == null) {
            throw error(document, "flow has no id", "add an id: line; the flow id names the table");
        }
        String namespace = text(fields.get("namespace"), "the flow namespace");
        String table = table(namespace, id);
        builder.tableNamed(table);
        columns(fields.get("inputs"), "inputs", table, SecretColumn.Kind.INPUT);
        columns(fields.get("outputs"), "outputs", table, SecretColumn.Kind.OUTPUT);
    }

    private String table(String namespace, String id) {
        String key = (namespace == null ? id : namespace + "." + id).toLowerCase(Locale.ROOT);
        String mapped = tableMapping.get(key);
        if (mapped != null) {
            usedMappings.add(key);
            return mapped;
        }
        // the flow id is a name, not SQL: a dot in it stays part of the table name
        return id.toLowerCase(Locale.ROOT);
    }

    private void columns(Node node, String key, String table, SecretColumn.Kind kind) throws FlowException {
        if (node == null || isNull(node)) {
            return;
        }
        if (!(node instanceof SequenceNode list)) {
            throw error(node, key + " must be a list, found " + describe(node),
                    "write each " + kind.word() + " as a \"- id: ...\" item under " + key + ":");
        }
        int index = 0;
        for (Node item : list.getValue()) {
            index++;
            if (!(item instanceof MappingNode mapping)) {
                throw error(item, kind.word() + " #" + index + " of " + key + " must be a mapping, found "
                        + describe(item), "write it as \"- id: name\" with \"type: ...\" below");
            }
            Map<String, Node> fields = fields(mapping, COLUMN_KEYS);
            String id = text(fields.get("id"), "an " + kind.word() + " id");
            if (id == null) {
                id = text(fields.get("name"), "an " + kind.word() + " name");
            }
            if (id == null) {
                throw error(item, kind.word() + " #" + index + " of " + key + " has no id",
                        "add id: with the " + kind.word() + " name; it names the column");
            }
            Node typeNode = fields.get("type");
            String type = text(typeNode, "the type of " + kind.word() + " '" + id + "'");
            if (type == null) {
                throw error(item, kind.word() + " '" + id + "' has no type",
                        "add type: with one of " + String.join(", ", KNOWN_TYPES));
            }
            String upper = type.toUpperCase(Locale.ROOT);
            if (!KNOWN_TYPES.contains(upper)) {
                throw error(typeNode, kind.word() + " '" + id + "' has unknown type '" + type + "'",
                        "use one of " + String.join(", ", KNOWN_TYPES));
            }
            if (upper.equals(SECRET)) {
                builder.secretIn(table, id, kind);
            } else {
                builder.plainIn(table, id);
            }
        }
    }

    /**
     * The values of the wanted scalar keys of a mapping. A wanted key given twice is an error rather
     * than a silent choice, since a dropped {@code inputs} list would drop secret columns. Merge keys
     * ({@code <<: *defaults}) are already applied by the composer.
     */
    private Map<String, Node> fields(MappingNode mapping, Set<String> wanted) throws FlowException {
        Map<String, Node> fields = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key && wanted.contains(key.getValue())
                    && fields.putIfAbsent(key.getValue(), tuple.getValueNode()) != null) {
                throw error(key, "key '" + key.getValue() + "' is given twice", "keep one of them");
            }
        }
        return fields;
    }

    /** The trimmed text of a scalar, or null when absent, null or blank. */
    private String text(Node node, String what) throws FlowException {
        if (node == null || isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, what + " must be a single value, found " + describe(node), "write it as text");
        }
        String value = scalar.getValue().trim();
        return value.isEmpty() ? null : value;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return node instanceof SequenceNode ? "a list" : "a single value";
    }

    private FlowException error(Node node, String what, String todo) {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
        return new FlowException(file + ":" + line + ": " + what + " (" + todo + ")");
    }

    private static int lineOfCodePoint(String text, int codePointIndex) {
        int line = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointIndex; i += Character.charCount(text.codePointAt(i))) {
            if (text.charAt(i) == '\n') {
                line++;
            }
            seen++;
        }
        return line;
    }

    /**
     * Every document of the text as a node tree: what snakeyaml-engine's {@code Compose.composeAllFromString}
     * does, built from exported packages, since snakeyaml-engine 3's module does not export
     * {@code api.lowlevel} (an application on the module path could not run {@code Compose}).
     */
    private static Iterable<Node> documents(LoadSettings settings, String text) {
        return () -> new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
    }
}
