package io.wally.runtime.vda5050;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The official VDA 5050 2.1.0 JSON schemas (test resources under {@code vda5050/}, copied from the standard's
 * repository with its MIT licence), one per message, and a validator for each (networknt, draft 2020-12).
 */
final class Vda5050Schemas {

    /** The messages of the standard, by the name of their schema file. */
    enum Message { ORDER("order"), INSTANT_ACTIONS("instantActions"), STATE("state"), VISUALIZATION("visualization"),
        CONNECTION("connection"), FACTSHEET("factsheet");

        final String file;

        Message(String file) {
            this.file = file;
        }

        /** The message a topic carries, by its last level; null for none. */
        static Message ofTopic(String topic) {
            String last = topic.substring(topic.lastIndexOf('/') + 1);
            for (Message m : values()) {
                if (m.file.equals(last)) {
                    return m;
                }
            }
            return null;
        }
    }

    private static final Map<Message, Schema> SCHEMAS = new EnumMap<>(Message.class);

    static {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        for (Message m : Message.values()) {
            String resource = "/vda5050/" + m.file + ".schema";
            try (InputStream in = Vda5050Schemas.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("schema " + resource + " missing from the test resources");
                }
                SCHEMAS.put(m, registry.getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Vda5050Schemas() {
    }

    /** What is wrong with {@code json} as a {@code message}; empty when it is valid. */
    static List<String> problems(Message message, String json) {
        return SCHEMAS.get(message).validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }
}
