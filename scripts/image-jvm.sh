# Sourced by bench/perf and bench/run-e2e: the JVM flags the image runs Ferry with, read from the
# Dockerfile, so benchmarks follow it.
#   image_jvm_flags ROOT JAR CACHE_DIR   prints the Dockerfile's JAVA_OPTS and exports MALLOC_ARENA_MAX
# When JAVA_OPTS names an AOT cache (-XX:AOTCache=PATH), the cache is built for JAR under CACHE_DIR
# with scripts/aot-cache (the script the Dockerfile runs) when missing or older than JAR or the
# Dockerfile, and PATH is replaced by it.

image_jvm_flags() {
  local root="$1" jar="$2" cache_dir="$3" opts malloc_arena
  opts=$(sed -n 's/^ENV JAVA_OPTS="\(.*\)"$/\1/p' "$root/Dockerfile")
  if [ -z "$opts" ]; then
    echo "no ENV JAVA_OPTS=\"...\" line in $root/Dockerfile" >&2
    return 1
  fi
  malloc_arena=$(sed -n 's/^ENV MALLOC_ARENA_MAX=\(.*\)$/\1/p' "$root/Dockerfile")
  [ -n "$malloc_arena" ] && export MALLOC_ARENA_MAX="$malloc_arena"
  local image_cache
  image_cache=$(printf '%s\n' $opts | sed -n 's/^-XX:AOTCache=//p' | head -n 1)
  if [ -n "$image_cache" ]; then
    local cache="$cache_dir/ferry.aot"
    # a cache made with other flags is refused or only partly used, so a Dockerfile edit rebuilds it
    # too; a newer jar must rebuild it, as JDK 25.0.3 would run the old cache's classes
    # (JDK-8377932: a changed jar is not detected; seen here with a jar of another commit)
    if [ ! -s "$cache" ] || [ "$jar" -nt "$cache" ] || [ "$root/scripts/aot-cache" -nt "$cache" ] \
        || [ "$root/Dockerfile" -nt "$cache" ]; then
      mkdir -p "$cache_dir"
      echo "building the AOT cache $cache (scripts/aot-cache, as the Dockerfile does)..." >&2
      JAVA_OPTS="$opts" "$root/scripts/aot-cache" "$jar" "$cache" "$cache_dir/training" >&2 || return 1
    fi
    opts=$(printf '%s\n' $opts | sed "s|^-XX:AOTCache=.*|-XX:AOTCache=$cache|" | tr '\n' ' ')
    opts="${opts% }"
  fi
  echo "$opts"
}
