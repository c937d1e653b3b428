package io.partshift.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML spec file into option texts: flat keys named like the options, a scalar per key or a list for a
 * multi-valued option. Values stay text here so the file and the flags go through the very same parsers.
 */
final class SpecFile {
    // Duplicate keys would otherwise silently keep the last one.
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private SpecFile() {
    }

    static Map<String, List<String>> read(Path file) {
        JsonNode root = parse(file);
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values; // an empty file, or one with only comments, sets nothing
        }
        if (!root.isObject()) {
            throw new BadInputException("spec file " + file + " must be a mapping of option names to values, e.g."
                    + " 'table: public.events', not a " + kind(root) + ".");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            if (key.equals("password")) {
                throw new BadInputException(UnknownOption.PASSWORD_REFUSED);
            }
            OptionDef<?> option = Options.byName(key).orElseThrow(() -> UnknownOption.fileKey(file, key));
            values.put(key, texts(file, option, field.getValue()));
        }
        return values;
    }

    private static JsonNode parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("spec file " + file + (Files.exists(file) ? " is not a regular file" : " does not"
                    + " exist") + ": check the path.");
        }
        if (!Files.isReadable(file)) {
            throw new BadInputException("spec file " + file + " is not readable: check its permissions.");
        }
        try (JsonParser parser = YAML.createParser(file.toFile())) {
            JsonNode root = YAML.readTree(parser);
            if (parser.nextToken() != null) {
                throw new BadInputException("spec file " + file + " holds more than one YAML document: keep one"
                        + " mapping and remove the '---' separators.");
            }
            return root;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String reason = e.getOriginalMessage() == null ? "" : " (" + e.getOriginalMessage().lines().findFirst()
                    .orElse("").trim() + ")";
            throw new BadInputException("spec file " + file + " is not valid YAML" + where + reason + ": fix the"
                    + " syntax there.", e);
        } catch (IOException e) {
            throw new BadInputException("spec file " + file + " could not be read (" + e.getMessage() + "): check"
                    + " the file.", e);
        }
    }

    private static List<String> texts(Path file, OptionDef<?> option, JsonNode node) {
        String key = option.name();
        if (node.isNull()) {
            throw new BadInputException("spec file " + file + " gives key '" + key + "' no value: give one or remove"
                    + " the key.");
        }
        if (node.isObject()) {
            throw new BadInputException("spec file " + file + " has a nested mapping under '" + key + "': keys are flat"
                    + " and named like the flags, e.g. '" + key + ": " + option.paramLabel() + "'.");
        }
        if (!node.isArray()) {
            return List.of(node.asText());
        }
        if (!option.multiValued()) {
            throw new BadInputException("spec file " + file + " gives '" + key + "' a list, but it takes one value:"
                    + " give a single value.");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isValueNode() || item.isNull()) {
                throw new BadInputException("spec file " + file + " has a " + kind(item) + " in the list under '" + key
                        + "': list plain values, e.g. '- " + option.paramLabel() + "'.");
            }
            items.add(item.asText());
        }
        return items;
    }

    private static String kind(JsonNode node) {
        return node.isArray() ? "list" : node.isObject() ? "mapping" : node.isNull() ? "null" : "single value";
    }
}
