package io.backstop.infra;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.wire.MongoDatabaseHandler;
import de.bwaldvogel.mongo.wire.MongoExceptionHandler;
import de.bwaldvogel.mongo.wire.MongoWireMessageEncoder;
import de.bwaldvogel.mongo.wire.MongoWireProtocolHandler;
import de.bwaldvogel.mongo.wire.MongoWireReplyEncoder;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * mongo-java-server's wire pipeline (its own handlers, in its own order) on loopback, with one addition for a
 * replica set: a {@code getMore} on a change stream that has nothing new waits on the connection's event loop, as
 * mongod waits up to {@code maxTimeMS} (1 s when the driver sends none) before answering an empty batch.
 *
 * <p>The server answers every command on the event loop of its connection, which also serves other connections,
 * so the wait must not block: the request is held and looked at again every few milliseconds until the stream has
 * something or the time is up, then handed on. Without the wait, Debezium polls an idle stream five times in a row
 * and then sleeps its poll interval (half a second), which every captured change waited for.
 */
final class WireServer implements AutoCloseable {

    private static final long DEFAULT_AWAIT_MS = 1_000;
    private static final long RECHECK_MS = 5;

    private final MongoBackend backend;
    private final NioEventLoopGroup boss = new NioEventLoopGroup(1);
    private final NioEventLoopGroup workers = new NioEventLoopGroup();
    private final ChannelGroup clients;
    private final Channel server;
    private boolean closed;

    WireServer(MongoBackend backend, int port) {
        this.backend = backend;
        this.clients = new DefaultChannelGroup("mongodb-clients", workers.next());
        ChangeStreams streams = backend instanceof ReplicaSetBackend rs ? rs.streams() : null;
        this.server = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 100)
                .childOption(ChannelOption.TCP_NODELAY, Boolean.TRUE)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(
                                        new MongoWireReplyEncoder(),
                                        new MongoWireMessageEncoder(),
                                        new MongoWireProtocolHandler());
                        if (streams != null) {
                            channel.pipeline().addLast(new AwaitChanges(streams));
                        }
                        channel.pipeline()
                                .addLast(new MongoDatabaseHandler(backend, clients), new MongoExceptionHandler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port))
                .syncUninterruptibly()
                .channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Stops listening, closes the clients' connections, then the backend (and with it the MVStore); once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close().syncUninterruptibly();
        clients.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        backend.close();
    }

    private static final class AwaitChanges extends ChannelInboundHandlerAdapter {

        private final ChangeStreams streams;

        AwaitChanges(ChangeStreams streams) {
            this.streams = streams;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (message instanceof MongoMessage request
                    && request.getDocument().get("getMore") instanceof Number id
                    && streams.idle(id.longValue())) {
                long awaitMs =
                        request.getDocument().get("maxTimeMS") instanceof Number ms ? ms.longValue() : DEFAULT_AWAIT_MS;
                hold(ctx, request, id.longValue(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(awaitMs));
            } else {
                ctx.fireChannelRead(message);
            }
        }

        private void hold(ChannelHandlerContext ctx, MongoMessage request, long cursorId, long deadline) {
            ctx.executor()
                    .schedule(
                            () -> {
                                if (ctx.channel().isActive()
                                        && streams.idle(cursorId)
                                        && System.nanoTime() < deadline) {
                                    hold(ctx, request, cursorId, deadline);
                                } else {
                                    ctx.fireChannelRead(request);
                                }
                            },
                            RECHECK_MS,
                            TimeUnit.MILLISECONDS);
        }
    }
}
