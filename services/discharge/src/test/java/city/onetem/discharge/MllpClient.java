package city.onetem.discharge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An interface engine's MLLP connection: sends a framed message, reads the framed ACK. */
final class MllpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    MllpClient(int port) {
        try {
            socket = new Socket("localhost", port);
            socket.setSoTimeout(15_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The ACK for one message. */
    String send(String er7) {
        write(er7);
        return read();
    }

    void write(String er7) {
        try {
            out.write(0x0B);
            out.write(er7.getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {0x1C, 0x0D});
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read() {
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
