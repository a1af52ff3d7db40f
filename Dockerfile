# syntax=docker/dockerfile:1
#
# Ferry's image: the agent jar on a Java 21 JRE, as a non-root user.
#   docker build -t ferry:0.1.0 .
# The build stage runs exactly the README's build command; the jar it produces is
# agent/target/ferry.jar (the shade plugin's finalName in agent/pom.xml).

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds; it is not part of the image.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package

FROM eclipse-temurin:21-jre-noble

# The same numeric user the chart runs as (podSecurityContext.runAsUser).
RUN groupadd --system --gid 10001 ferry \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin ferry \
 && printf '%s\n' '#!/bin/sh' \
      '# JAVA_OPTS is split into words on purpose: it holds several JVM flags.' \
      'exec java ${JAVA_OPTS} -jar /opt/ferry/ferry.jar "$@"' \
      > /usr/local/bin/ferry \
 && chmod 0755 /usr/local/bin/ferry

COPY --from=build /src/agent/target/ferry.jar /opt/ferry/ferry.jar

# JVM flags for one small agent per node; the chart's `javaOptions` value replaces them.
# - SerialGC: one GC thread and no extra GC structures; the right collector below ~1 GiB of heap.
# - Heap, metaspace, direct memory and code cache are capped, so the process stays under the
#   chart's 320Mi memory limit whatever the node's RAM (MaxRAMPercentage would follow the node
#   when no limit is set). Ferry's own buffers are bounded in bytes inside this heap.
# - ExitOnOutOfMemoryError: a JVM that ran out of memory is restarted by the kubelet instead of
#   limping on; positions only move after Loki has the lines, so nothing is lost.
# - 64 MiB of heap: live data is ~20 MiB at 20k lines/s; the Loki client's buffers are kept inside
#   half the heap (the agent lowers max_buffered_bytes to fit and says so).
# - MALLOC_ARENA_MAX=2: glibc would otherwise give each JIT compiler thread its own malloc arena.
# - -UsePerfData: no hsperfdata file (the root filesystem is read-only).
# - --enable-native-access: snappy-java loads a native library; it extracts it to
#   java.io.tmpdir, so /tmp must be writable (the chart mounts an emptyDir there).
ENV MALLOC_ARENA_MAX=2
ENV JAVA_OPTS="-XX:+UseSerialGC -Xms16m -Xmx64m -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=48m -XX:ReservedCodeCacheSize=32m -Xss512k -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData --enable-native-access=ALL-UNNAMED -Djava.io.tmpdir=/tmp"

USER 10001:10001
WORKDIR /tmp
EXPOSE 9080
ENTRYPOINT ["ferry"]
CMD ["run", "--config", "/etc/ferry/config.yaml"]
