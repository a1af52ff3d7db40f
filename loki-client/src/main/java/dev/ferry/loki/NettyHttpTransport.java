package dev.ferry.loki;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * HTTP/1.1 over Netty with one keep-alive connection, opened on first use and again after the
 * server closes it. Used by a single sender thread: one request at a time. Netty itself (its event
 * loop and platform probing, ~0.2 CPU-s) starts with the first request, on the sender thread, so it
 * is not between the agent's start and its first line read.
 */
final class NettyHttpTransport implements HttpTransport {
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    private static final String USER_AGENT = "ferry/" + version();

    private final String host;
    private final int port;
    private final String pathAndQuery;
    private final String readyPath;
    private final String hostHeader;
    private final String threadName;
    private final SslContext ssl;
    private final String sniHost;
    private final TlsOptions tls;
    private final int connectTimeoutMillis;
    // created by the first request (guarded by this, as close may come from another thread)
    private EventLoopGroup group;
    private Bootstrap bootstrap;
    private boolean closed;
    private Channel channel;

    NettyHttpTransport(LokiClientConfig config) {
        URI url = config.url();
        boolean https = url.getScheme().equalsIgnoreCase("https");
        this.host = url.getHost();
        this.port = url.getPort() > 0 ? url.getPort() : (https ? 443 : 80);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        this.pathAndQuery = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        this.readyPath = readyPath(path);
        boolean defaultPort = url.getPort() < 0;
        this.hostHeader = defaultPort ? host : host + ":" + port;
        // TLS settings are read now, so a bad ca_file or key fails the start, not the first push
        this.ssl = https ? sslContext(config) : null;
        this.tls = config.tls();
        this.sniHost = tls.serverName() != null && !tls.serverName().isEmpty() ? tls.serverName() : host;
        this.threadName = "ferry-loki-io-" + config.name();
        this.connectTimeoutMillis =
                (int) Math.min(Integer.MAX_VALUE, config.remoteTimeout().toMillis());
    }

    private synchronized Bootstrap bootstrap() throws IOException {
        if (closed) {
            throw new IOException("the Loki client is closed");
        }
        if (bootstrap == null) {
            group = new MultiThreadIoEventLoopGroup(
                    1, new DefaultThreadFactory(threadName, true), NioIoHandler.newFactory());
            bootstrap = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (ssl != null) {
                                SslHandler h = ssl.newHandler(ch.alloc(), sniHost, port);
                                if (!tls.insecureSkipVerify()) {
                                    SSLEngine engine = h.engine();
                                    SSLParameters params = engine.getSSLParameters();
                                    params.setEndpointIdentificationAlgorithm("HTTPS");
                                    engine.setSSLParameters(params);
                                }
                                ch.pipeline().addLast(h);
                            }
                            ch.pipeline()
                                    .addLast(new HttpClientCodec())
                                    .addLast(new HttpObjectAggregator(MAX_ANSWER_BYTES))
                                    .addLast(new AnswerHandler());
                        }
                    });
        }
        return bootstrap;
    }

    private static SslContext sslContext(LokiClientConfig config) {
        TlsOptions tls = config.tls();
        SslContextBuilder b = SslContextBuilder.forClient();
        String what = "ca_file " + tls.caFile();
        try {
            if (tls.insecureSkipVerify()) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (tls.caFile() != null) {
                b.trustManager(tls.caFile().toFile());
            }
            if (tls.certFile() != null) {
                what = "cert_file " + tls.certFile() + " / key_file " + tls.keyFile()
                        + " (the key must be PKCS#8 PEM: 'BEGIN PRIVATE KEY')";
                b.keyManager(tls.certFile().toFile(), tls.keyFile().toFile());
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "loki endpoint '" + config.name() + "': tls: cannot use " + what + ": " + e.getMessage(), e);
        }
    }

    /** Loki's readiness path beside its push path: {@code /prefix/loki/api/v1/push} → {@code /prefix/ready}. */
    static String readyPath(String pushPath) {
        String suffix = "/loki/api/v1/push";
        String prefix = pushPath.endsWith(suffix) ? pushPath.substring(0, pushPath.length() - suffix.length()) : "";
        return prefix + "/ready";
    }

    @Override
    public HttpAnswer post(byte[] body, int length, Map<String, String> headers, long timeoutNanos)
            throws IOException, InterruptedException {
        return send(HttpMethod.POST, pathAndQuery, body, length, headers, timeoutNanos);
    }

    @Override
    public HttpAnswer ready(Map<String, String> headers, long timeoutNanos) throws IOException, InterruptedException {
        return send(HttpMethod.GET, readyPath, new byte[0], 0, headers, timeoutNanos);
    }

    private HttpAnswer send(
            HttpMethod method, String path, byte[] body, int length, Map<String, String> headers, long timeoutNanos)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        Channel ch = connected(timeoutNanos);
        AnswerHandler handler = ch.pipeline().get(AnswerHandler.class);
        CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
        handler.expect(answer);
        FullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path, Unpooled.wrappedBuffer(body, 0, length));
        request.headers()
                .set(HttpHeaderNames.HOST, hostHeader)
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE)
                .set(HttpHeaderNames.CONTENT_LENGTH, length);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            request.headers().set(h.getKey(), h.getValue());
        }
        ch.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                answer.completeExceptionally(f.cause());
            }
        });
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            closeChannel();
            throw new IOException("no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        } catch (ExecutionException e) {
            closeChannel();
            Throwable cause = e.getCause();
            throw new IOException(describe(cause), cause);
        } catch (InterruptedException e) {
            closeChannel();
            throw e;
        }
    }

    private Channel connected(long timeoutNanos) throws IOException, InterruptedException {
        if (channel != null && channel.isActive()) {
            return channel;
        }
        closeChannel();
        ChannelFuture f = bootstrap().connect(host, port);
        if (!f.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
            f.cancel(false);
            throw new IOException("connect to " + host + ":" + port + " timed out");
        }
        if (!f.isSuccess()) {
            throw new IOException("connect to " + host + ":" + port + " failed: " + describe(f.cause()), f.cause());
        }
        Channel ch = f.channel();
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl != null) {
            var handshake = ssl.handshakeFuture();
            if (!handshake.await(timeoutNanos, TimeUnit.NANOSECONDS) || !handshake.isSuccess()) {
                ch.close();
                Throwable cause = handshake.cause();
                throw new IOException(
                        "TLS handshake with " + host + ":" + port + " failed: "
                                + (cause == null ? "timed out" : describe(cause)),
                        cause);
            }
        }
        channel = ch;
        return ch;
    }

    private void closeChannel() {
        if (channel != null) {
            // wait, so no write of the reused body buffer is still pending when the caller refills it
            channel.close().syncUninterruptibly();
            channel = null;
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public void close() {
        closeChannel();
        EventLoopGroup g;
        synchronized (this) {
            closed = true;
            g = group;
        }
        if (g != null) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static String version() {
        String v = NettyHttpTransport.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Completes the waiting request with the server's answer, or fails it when the connection ends first. */
    private static final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private volatile CompletableFuture<HttpAnswer> pending;

        void expect(CompletableFuture<HttpAnswer> answer) {
            pending = answer;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            CompletableFuture<HttpAnswer> p = pending;
            pending = null;
            boolean keepAlive = HttpUtil.isKeepAlive(response);
            if (response.decoderResult().isFailure()) {
                // not HTTP (or broken HTTP): no answer to trust; the connection cannot be reused
                if (p != null) {
                    Throwable cause = response.decoderResult().cause();
                    p.completeExceptionally(new IOException("the endpoint's answer is not valid HTTP: "
                            + (cause == null ? "undecodable" : cause.getMessage())));
                }
                ctx.close();
                return;
            }
            if (p != null) {
                p.complete(new HttpAnswer(
                        response.status().code(),
                        response.headers().get(HttpHeaderNames.RETRY_AFTER),
                        response.content().toString(StandardCharsets.UTF_8)));
            }
            if (!keepAlive) {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            fail(new IOException("connection closed before an answer came"));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause);
            ctx.close();
        }

        private void fail(Throwable cause) {
            CompletableFuture<HttpAnswer> p = pending;
            pending = null;
            if (p != null) {
                p.completeExceptionally(cause);
            }
        }
    }
}
