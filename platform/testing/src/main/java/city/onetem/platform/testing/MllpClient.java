package city.onetem.platform.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A hospital interface engine's MLLP connection (HL7 v2 over TCP): sends a message framed as
 * 0x0B ... 0x1C 0x0D and reads the ACK framed the same way.
 */
public final class MllpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public MllpClient(String host, int port) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(15_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ACK for one message. */
    public String send(String er7) {
        write(er7);
        return read();
    }

    public void write(String er7) {
        try {
            out.write(0x0B);
            out.write(er7.getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {0x1C, 0x0D});
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read() {
        try {
            ByteArrayOutputStream ack = new ByteArrayOutputStream();
            int first = in.read();
            if (first != 0x0B) {
                throw new IllegalStateException("ACK frame does not start with 0x0B: " + first);
            }
            for (int b = in.read(); b != 0x1C; b = in.read()) {
                if (b < 0) {
                    throw new IllegalStateException("connection closed inside an ACK frame");
                }
                ack.write(b);
            }
            if (in.read() != 0x0D) {
                throw new IllegalStateException("ACK frame does not end with 0x1C 0x0D");
            }
            return ack.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
