package dev.ferry.loki.testing;

import dev.ferry.loki.proto.PushProto;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xerial.snappy.Snappy;

/**
 * A Loki push endpoint for tests: a real HTTP server on 127.0.0.1 that snappy-decodes and parses
 * every request with the protoc-generated classes, records it, and answers as it is told (2xx,
 * 4xx/5xx with a body, Retry-After, slowly, not at all, or by closing the connection).
 */
public final class FakeLoki implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel server;
    private final boolean tls;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer defaultAnswer = Answer.status(204, "");
    private volatile int readyStatus = 200;
    private final List<Received> requests = new CopyOnWriteArrayList<>();
    private final List<Probe> readyProbes = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private FakeLoki(SslContext ssl) throws InterruptedException {
        this.tls = ssl != null;
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(256 * 1024 * 1024))
                                .addLast(new PushHandler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    /** Starts a plain HTTP receiver. */
    public static FakeLoki start() {
        return start(null);
    }

    /** Starts an HTTPS receiver with the given server context. */
    public static FakeLoki start(SslContext ssl) {
        try {
            return new FakeLoki(ssl);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The push URL, e.g. {@code http://127.0.0.1:41234/loki/api/v1/push}. */
    public String pushUrl() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + port() + "/loki/api/v1/push";
    }

    /** The next requests get these answers, in order; after them the default answer. */
    public FakeLoki answerNext(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public FakeLoki answerByDefault(Answer answer) {
        defaultAnswer = answer;
        return this;
    }

    /**
     * The status {@code GET /ready} answers from now on (200 by default; a push is answered as scripted either way);
     * 0 closes the connection without an answer, as when nothing listens.
     */
    public FakeLoki readyStatus(int status) {
        readyStatus = status;
        return this;
    }

    /** Every {@code GET /ready}, in arrival order; not among {@link #requests()}. */
    public List<Probe> readyProbes() {
        return List.copyOf(readyProbes);
    }

    /** One {@code GET /ready}: when it came ({@link System#nanoTime()}) and what it was answered. */
    public record Probe(long receivedAtNanos, int status) {}

    /** Every request received, answered or not, in arrival order. */
    public List<Received> requests() {
        return List.copyOf(requests);
    }

    /** Every entry of every request that was answered with 2xx, in arrival order. */
    public List<ReceivedEntry> acceptedEntries() {
        List<ReceivedEntry> out = new ArrayList<>();
        for (Received r : requests) {
            if (r.status >= 200 && r.status < 300) {
                out.addAll(r.entries());
            }
        }
        return out;
    }

    /** TCP connections accepted so far (keep-alive reuses one). */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** How to answer one request. */
    public sealed interface Answer {
        static Answer status(int status, String body) {
            return new Status(status, body, null);
        }

        static Answer tooManyRequests(String retryAfter) {
            return new Status(429, "Ingestion rate limit exceeded", retryAfter);
        }

        static Answer after(Duration delay, Answer then) {
            return new Delayed(delay, then);
        }

        /** Answers when the test completes {@code answer}: lets a test hold the client mid-request. */
        static Answer when(CompletableFuture<Answer> answer) {
            return new Pending(answer);
        }

        /** Closes the connection without answering. */
        static Answer closeConnection() {
            return new Close();
        }

        /** Writes these bytes as they are (not HTTP, or broken HTTP), then closes the connection. */
        static Answer raw(String bytes) {
            return new Raw(bytes);
        }
    }

    record Raw(String bytes) implements Answer {}

    record Status(int status, String body, String retryAfter) implements Answer {}

    record Delayed(Duration delay, Answer then) implements Answer {}

    record Pending(CompletableFuture<Answer> answer) implements Answer {}

    record Close() implements Answer {}

    /** One request as it arrived: its headers, its decoded body, and the status it was answered with (0 if none). */
    public static final class Received {
        public final String path;
        public final Map<String, String> headers;
        public final PushProto.PushRequest body;
        public final int compressedBytes;
        /** When it arrived, by {@link System#nanoTime()}: for tests of what the client waits for. */
        public final long receivedAtNanos = System.nanoTime();

        volatile int status;

        Received(String path, Map<String, String> headers, PushProto.PushRequest body, int compressedBytes) {
            this.path = path;
            this.headers = headers;
            this.body = body;
            this.compressedBytes = compressedBytes;
        }

        public int status() {
            return status;
        }

        /** A header by case-insensitive name, or null. */
        public String header(String name) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }

        public List<ReceivedEntry> entries() {
            List<ReceivedEntry> out = new ArrayList<>();
            if (body == null) {
                return out;
            }
            for (PushProto.StreamAdapter s : body.getStreamsList()) {
                for (PushProto.EntryAdapter e : s.getEntriesList()) {
                    Map<String, String> md = new LinkedHashMap<>();
                    for (PushProto.LabelPairAdapter p : e.getStructuredMetadataList()) {
                        md.put(p.getName(), p.getValue());
                    }
                    out.add(new ReceivedEntry(
                            s.getLabels(),
                            Instant.ofEpochSecond(
                                    e.getTimestamp().getSeconds(),
                                    e.getTimestamp().getNanos()),
                            e.getLine(),
                            md));
                }
            }
            return out;
        }
    }

    /** One entry as Loki would store it. */
    public record ReceivedEntry(String labels, Instant timestamp, String line, Map<String, String> metadata) {}

    private final class PushHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (request.method().equals(HttpMethod.GET) && request.uri().endsWith("/ready")) {
                int status = readyStatus;
                readyProbes.add(new Probe(System.nanoTime(), status));
                if (status == 0) {
                    ctx.close();
                    return;
                }
                write(ctx, new Status(status, status == 200 ? "ready" : "not ready", null));
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            byte[] compressed = ByteBufUtil.getBytes(request.content());
            PushProto.PushRequest body;
            try {
                body = PushProto.PushRequest.parseFrom(Snappy.uncompress(compressed));
            } catch (Exception e) {
                Received bad = new Received(request.uri(), headers, null, compressed.length);
                requests.add(bad);
                bad.status = 400;
                write(ctx, new Status(400, "fake loki: cannot decode body: " + e, null));
                return;
            }
            Received received = new Received(request.uri(), headers, body, compressed.length);
            requests.add(received);
            Answer answer = script.poll();
            respond(ctx, received, answer == null ? defaultAnswer : answer);
        }

        private void respond(ChannelHandlerContext ctx, Received received, Answer answer) {
            switch (answer) {
                case Status s -> {
                    received.status = s.status();
                    write(ctx, s);
                }
                case Delayed d ->
                    ctx.executor()
                            .schedule(
                                    () -> respond(ctx, received, d.then()),
                                    d.delay().toNanos(),
                                    TimeUnit.NANOSECONDS);
                case Pending p -> p.answer().thenAccept(a -> ctx.executor().execute(() -> respond(ctx, received, a)));
                case Close c -> ctx.close();
                case Raw r ->
                    ctx.pipeline()
                            .firstContext()
                            .writeAndFlush(Unpooled.copiedBuffer(r.bytes(), StandardCharsets.ISO_8859_1))
                            .addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void write(ChannelHandlerContext ctx, Status s) {
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(s.status()),
                    Unpooled.copiedBuffer(s.body(), StandardCharsets.UTF_8));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            if (s.retryAfter() != null) {
                response.headers().set(HttpHeaderNames.RETRY_AFTER, s.retryAfter());
            }
            if (!ctx.channel().isActive()) {
                return;
            }
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
