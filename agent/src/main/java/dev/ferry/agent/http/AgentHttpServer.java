package dev.ferry.agent.http;

import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's HTTP endpoint: {@code /metrics} (Prometheus text), {@code /ready} and
 * {@code /healthy} for probes, {@code /status} (JSON: targets, positions, lag). One event-loop
 * thread; every answer is computed on it and is small.
 */
public final class AgentHttpServer implements AutoCloseable {
    /** What the endpoint reports; implemented by the running agent. */
    public interface Reporter {
        String metrics();

        /** Null when ready, else why not. */
        String notReadyReason();

        /** Null when healthy, else why not. */
        String unhealthyReason();

        String statusJson();
    }

    private final EventLoopGroup group;
    private final Channel channel;

    /**
     * Binds {@code address:port} and serves; throws {@link ListenException} (one line, says what to change) when the
     * port cannot be had, so the agent can refuse to start before it reads anything.
     */
    public AgentHttpServer(String address, int port, Reporter reporter) throws InterruptedException {
        this.group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("ferry-http", true), NioIoHandler.newFactory());
        try {
            this.channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(64 * 1024))
                                    .addLast(new Routes(reporter));
                        }
                    })
                    .bind(new InetSocketAddress(address, port))
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        } catch (Exception e) { // Netty's sync() rethrows the checked BindException undeclared
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new ListenException(address, port, e);
        }
    }

    /** The HTTP port could not be bound: the message names the address, the cause and the setting to change. */
    public static final class ListenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenException(String address, int port, Exception cause) {
            super(
                    "cannot listen on " + address + ":" + port + ": " + reason(cause)
                            + "; set server.http_listen_port (and server.http_listen_address) in the config to a"
                            + " free port, or stop the process that holds it",
                    cause);
        }

        /** The OS's words, as in {@code address already in use}; the class name when it has none. */
        private static String reason(Exception cause) {
            String m = cause.getMessage();
            if (m == null || m.isBlank()) {
                return cause.getClass().getSimpleName();
            }
            return Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Supplier<Reporter> reporter;

        Routes(Reporter reporter) {
            this.reporter = () -> reporter;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            FullHttpResponse response;
            if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
                response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
            } else {
                Reporter r = reporter.get();
                response = switch (path) {
                    case "/metrics" ->
                        withType(text(HttpResponseStatus.OK, r.metrics()), "text/plain; version=0.0.4; charset=utf-8");
                    case "/ready" -> probe(r.notReadyReason(), "ready");
                    case "/healthy", "/-/healthy" -> probe(r.unhealthyReason(), "healthy");
                    case "/status" -> withType(text(HttpResponseStatus.OK, r.statusJson()), "application/json");
                    case "/" -> text(HttpResponseStatus.OK, "ferry: /metrics /ready /healthy /status\n");
                    default -> text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n");
                };
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var f = ctx.writeAndFlush(response);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static FullHttpResponse probe(String problem, String what) {
            return problem == null
                    ? text(HttpResponseStatus.OK, what + "\n")
                    : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not " + what + ": " + problem + "\n");
        }

        private static FullHttpResponse text(HttpResponseStatus status, String body) {
            FullHttpResponse r = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            return r;
        }

        private static FullHttpResponse withType(FullHttpResponse r, String type) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
            return r;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
