# syntax=docker/dockerfile:1
#
# Ferry's image: the agent jar on a Java 25 JRE with an AOT cache of its start-up, as a non-root user.
#   docker build -t ferry:0.1.0 .
# The build stage runs exactly the README's build command; the jar it produces is
# agent/target/ferry.jar (the shade plugin's finalName in agent/pom.xml). It also compiles the
# training run (bench/src) that builds the AOT cache in the runtime stage.

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
# The cache mount keeps downloaded dependencies between builds; it is not part of the image.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests package \
 && mkdir -p /aot-training \
 && javac -d /aot-training/classes -cp agent/target/ferry.jar bench/src/*.java \
 && cp scripts/aot-cache examples/seed.yaml /aot-training/

FROM eclipse-temurin:25-jre-noble

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
# - 32 MiB of heap, 8 of them young: the Loki client keeps waiting entries as encoded bytes in
#   reused chunks, so what a young collection finds alive is small, and its buffers are kept inside
#   a sixth of the heap (the agent lowers max_buffered_bytes to fit and says so); the serial
#   collector grows the heap to its maximum under steady load, so -Xmx is most of the RSS figure.
#   bench/perf steady peak RSS, one run each: on earlier code (a larger AOT cache) -Xmx48m 121 MiB
#   and -Xmx40m -Xmn10m 113 MiB; with the 3,672-class cache -Xmx40m -Xmn8m 104 MiB and -Xmx32m
#   -Xmn8m 96 MiB, with the seed's throughput the same within the noise.
#   Loki down at 20k lines/s over 200 files, buffer full, 32 MiB: with a sixth, 17 MiB of the heap
#   stayed live and no full collection ran in 30 s; with a quarter, 22 MiB and one every ~3 s.
#   Sources pause while the buffer is full; the files and the kubelet's logs hold the rest, so a
#   smaller buffer delays lines during an outage, it loses none.
# - TieredStopAtLevel=1 (C1 only), measured with bench/perf: start-up to the first line read 0.92
#   instead of 1.35 CPU-s, the 1M-line seed workload 161k instead of 123k lines per CPU-second
#   with start-up, peak RSS 140 instead of 157 MiB; C2 is ~9% cheaper per line only after a minute
#   of steady load.
# - AOTCache: classes loaded and linked, lambda forms and method profiles of a training run of the
#   seed workload (JDK 25, JEP 483/514/515), built below: start-up 2.1 -> 1.2 CPU-s on its own.
#   A JVM ignores a cache made by another JVM build or with other GC flags (with a warning), but
#   JDK 25.0.3 does not notice a changed jar (JDK-8377932, fixed in 25.0.4): it runs the cache's
#   copies of the classes. So the cache is built from the jar beside it, below; replace both or
#   neither. The cache holds heap objects, so keep -Xms/-Xmn such that the young generation fits
#   the initial heap.
#   UseCompactObjectHeaders was measured too and did not help (peak RSS 155 vs 153 MiB).
# - MALLOC_ARENA_MAX=2: glibc would otherwise give each JIT compiler thread its own malloc arena.
# - -UsePerfData: no hsperfdata file (the root filesystem is read-only).
# - --enable-native-access: snappy-java loads a native library; it extracts it to
#   java.io.tmpdir, so /tmp must be writable (the chart mounts an emptyDir there).
# - --sun-misc-unsafe-memory-access=allow: on Java 25 Netty leaves sun.misc.Unsafe alone unless
#   this is set, and with native access enabled it then frees direct buffers through an FFM
#   downcall, whose set-up spins ~100 method-handle classes at start-up. bench/perf seed, three
#   rounds beside the image without it: CPU to the first read 0.47-0.56 instead of 0.52-0.62 s,
#   peak RSS 111 instead of 112-113 MiB, AOT cache 37.6 instead of 38.9 MB. JDK 25 allows it
#   without a warning; a later JDK that denies it needs this line revisited.
ENV MALLOC_ARENA_MAX=2
ENV JAVA_OPTS="-XX:+UseSerialGC -Xms16m -Xmx32m -Xmn8m -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=48m -XX:ReservedCodeCacheSize=32m -Xss512k -XX:TieredStopAtLevel=1 -XX:AOTCache=/opt/ferry/ferry.aot -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Djava.io.tmpdir=/tmp"

# The AOT cache, built by this image's own JVM with the flags above (scripts/aot-cache leaves the
# -XX:AOTCache flag out for the training run): Ferry runs the seed workload against a local
# Loki-protocol receiver for ~30 s and writes the cache as it exits. bench/perf builds it the same way.
COPY --from=build /aot-training /tmp/aot-training
RUN JAVA=java TRAINING_CLASSES=/tmp/aot-training/classes SEED_PIPELINES=/tmp/aot-training/seed.yaml \
      /tmp/aot-training/aot-cache /opt/ferry/ferry.jar /opt/ferry/ferry.aot /tmp/aot-training/work \
 && find /tmp -mindepth 1 -maxdepth 1 -exec rm -rf {} +

USER 10001:10001
WORKDIR /tmp
EXPOSE 9080
ENTRYPOINT ["ferry"]
CMD ["run", "--config", "/etc/ferry/config.yaml"]
