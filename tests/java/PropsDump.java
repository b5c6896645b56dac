// Reads file paths from stdin, one per line, and prints what java.util.Properties.load makes of
// each: "OK n" and n lines "key<TAB>value" (non-printable characters as backslash-u and four hex digits), or "ERR msg".
// The tests compare this with the Python reader, so Java itself is the reference.
import java.io.*;
import java.util.*;

public class PropsDump {
    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '\\') b.append(c);
            else b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
        String path;
        while ((path = in.readLine()) != null) {
            Properties p = new Properties();
            try (InputStream f = new FileInputStream(path)) {
                p.load(f);
                out.println("OK " + p.size());
                for (String k : p.stringPropertyNames()) {
                    out.println(esc(k) + "\t" + esc(p.getProperty(k)));
                }
            } catch (IllegalArgumentException e) {
                out.println("ERR " + esc(String.valueOf(e.getMessage())));
            }
            out.flush();
        }
    }
}
