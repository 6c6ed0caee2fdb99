package dev.hindsight.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@link HistoryOutput} as one JSON document per command (Jackson), written by {@link #finish()}:
 * {@code info}, {@code instructions} (instructions and gaps), {@code functions}, {@code frame},
 * {@code messages} and {@code warnings}, each present only if the command produced it.
 */
public final class JsonOutput implements HistoryOutput {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private ObjectNode root = MAPPER.createObjectNode();

    /** JSON to {@code out}. */
    public JsonOutput(PrintWriter out) {
        this.out = out;
    }

    private ArrayNode array(String name) {
        return root.has(name) ? (ArrayNode) root.get(name) : root.putArray(name);
    }

    private static String hex(long v) {
        return String.format(Locale.ROOT, "0x%016x", v);
    }

    @Override
    public void text(String line) {
        array("messages").add(line);
    }

    @Override
    public void warning(String message) {
        array("warnings").add(message);
    }

    @Override
    public void infoRecord(InfoRecord i) {
        ObjectNode o = root.putObject("info");
        o.put("target", "record-btrace");
        o.put("format", i.format());
        o.put("bufferSize", i.bufferSize());
        o.put("instructions", i.instructions());
        o.put("functions", i.functions());
        o.put("gaps", i.gaps());
        o.put("thread", i.threadId());
        o.put("targetId", i.targetId());
        if (i.replayInstruction() > 0) {
            o.put("replayInstruction", i.replayInstruction());
        }
    }

    @Override
    public void instruction(InsnLine l) {
        ObjectNode o = array("instructions").addObject();
        o.put("number", l.number());
        o.put("address", hex(l.address()));
        if (l.function() != null) {
            o.put("function", l.function());
            o.put("offset", l.offset());
        }
        o.put("atPc", l.atPc());
        o.put("speculative", l.speculative());
        if (l.bytes() != null) {
            o.put("bytes", HexFormat.of().formatHex(l.bytes()));
        }
        o.put("disassembly", l.disassembly());
    }

    @Override
    public void gap(long number, boolean pt, int code) {
        ObjectNode o = array(root.has("functions") ? "functions" : "instructions").addObject();
        o.put("number", number);
        ObjectNode g = o.putObject("gap");
        g.put("code", code);
        g.put("text", Messages.decodeError(pt, code));
    }

    /** Marks the output as a function-call history (so gaps land in {@code functions}). */
    public void startCalls() {
        array("functions");
    }

    @Override
    public void call(CallLine c) {
        ObjectNode o = array("functions").addObject();
        o.put("number", c.number());
        o.put("function", c.name());
        if (c.indent() >= 0) {
            o.put("level", c.indent());
        }
        if (c.firstInsn() >= 0) {
            o.put("firstInstruction", c.firstInsn());
            o.put("lastInstruction", c.lastInsn());
        }
        if (c.source() != null) {
            o.put("source", c.source());
        }
    }

    @Override
    public void frame(long pc, String function, String file, int line, boolean midLine) {
        frame(pc, function, "", file, line, midLine);
    }

    @Override
    public void frame(long pc, String function, String arguments, String file, int line, boolean midLine) {
        ObjectNode o = root.putObject("frame");
        o.put("pc", hex(pc));
        o.put("function", function == null ? "??" : function);
        if (!arguments.isEmpty()) {
            o.put("arguments", arguments);
        }
        if (file != null) {
            o.put("file", file);
            o.put("line", line);
        }
    }

    @Override
    public void stackFrame(String prefix, int level, long pc, String function, String arguments, String file,
            int line, boolean showAddress) {
        ObjectNode o = array("frames").addObject();
        if (!prefix.isEmpty()) {
            o.put("reason", prefix.strip());
        }
        if (level >= 0) {
            o.put("level", level);
        }
        o.put("pc", hex(pc));
        o.put("function", function == null ? "??" : function);
        if (!arguments.isEmpty()) {
            o.put("arguments", arguments);
        }
        if (file != null) {
            o.put("file", file);
            o.put("line", line);
        }
    }

    @Override
    public void source(String file, int line, String text) {
        ObjectNode o = array(root.has("frame") ? "source" : "instructions").addObject();
        ObjectNode s = o.putObject("source");
        if (file != null) {
            s.put("file", file);
        }
        s.put("line", line);
        s.put("text", text);
    }

    @Override
    public void sourceError(String message) {
        array("warnings").add(message);
    }

    @Override
    public void finish() {
        try {
            out.print(MAPPER.writeValueAsString(root));
            out.print('\n');
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
        root = MAPPER.createObjectNode();
    }
}
