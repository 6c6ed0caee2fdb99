package dev.hindsight.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
    @Test
    void shouldWriteOneDocumentPerCommandWithInstructionsGapsAndWarnings() throws Exception {
        StringWriter out = new StringWriter();
        JsonOutput json = new JsonOutput(new PrintWriter(out));
        json.warning("w");
        json.instruction(new HistoryOutput.InsnLine(1, 0x1000, true, false, false, "f", 0, false,
                new byte[] {0x48, (byte) 0x89, (byte) 0xe5}, "mov    %rsp,%rbp"));
        json.gap(2, true, -13);
        json.finish();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("w", j.get("warnings").get(0).asText());
        assertEquals("0x0000000000001000", j.get("instructions").get(0).get("address").asText());
        assertEquals("4889e5", j.get("instructions").get(0).get("bytes").asText());
        assertEquals(true, j.get("instructions").get(0).get("atPc").asBoolean());
        assertEquals(-13, j.get("instructions").get(1).get("gap").get("code").asInt());
        assertEquals("no memory mapped at this address", j.get("instructions").get(1).get("gap").get("text").asText());
    }

    @Test
    void shouldPutGapsOfACallHistoryAmongTheFunctions() throws Exception {
        StringWriter out = new StringWriter();
        JsonOutput json = new JsonOutput(new PrintWriter(out));
        json.startCalls();
        json.call(new HistoryOutput.CallLine(1, 0, "main", 1, 4, null));
        json.gap(2, false, 2);
        json.finish();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("main", j.get("functions").get(0).get("function").asText());
        assertEquals("unknown instruction", j.get("functions").get(1).get("gap").get("text").asText());
    }

    @Test
    void shouldGiveFramesTheirArgumentsText() throws Exception {
        StringWriter out = new StringWriter();
        JsonOutput json = new JsonOutput(new PrintWriter(out));
        json.stackFrame("", 1, 0x401153, "foo", "x=<unavailable>", "t.c", 16, true);
        json.stackFrame("", 2, 0x401160, "main", "", "t.c", 20, true);
        json.finish();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("x=<unavailable>", j.get("frames").get(0).get("arguments").asText());
        assertEquals(false, j.get("frames").get(1).has("arguments"));
        out.getBuffer().setLength(0);
        json.frame(0x401106, "bar", "x=<unavailable>", "t.c", 8, false);
        json.finish();
        assertEquals("x=<unavailable>", new ObjectMapper().readTree(out.toString()).get("frame").get("arguments").asText());
    }
}
