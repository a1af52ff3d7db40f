# Sourced by ./ferry, ./run-tests, bench/* and .ci/run: sets JAVA_HOME to a JDK >= 21.
# Looks at $JAVA_HOME, then `java` on the PATH, then the JDKs under /usr/lib/jvm (newest first).
# Set FERRY_NEED_JAVAC=0 when only a runtime is needed (running an already built jar).

_ferry_java_major() {
  # prints the major version of the java binary $1, or nothing
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9.]*\).*/\1/p' | head -n 1)
  case "$v" in
    1.*) echo "${v#1.}" | cut -d. -f1 ;;
    "") ;;
    *) echo "$v" | cut -d. -f1 ;;
  esac
}

_ferry_usable_home() {
  local home="$1" major
  [ -n "$home" ] && [ -x "$home/bin/java" ] || return 1
  if [ "${FERRY_NEED_JAVAC:-1}" != 0 ] && [ ! -x "$home/bin/javac" ]; then return 1; fi
  major=$(_ferry_java_major "$home/bin/java")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

_ferry_find_jdk() {
  local candidate
  if _ferry_usable_home "${JAVA_HOME:-}"; then echo "$JAVA_HOME"; return 0; fi
  if command -v java >/dev/null 2>&1; then
    candidate=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p' | head -n 1)
    if _ferry_usable_home "$candidate"; then echo "$candidate"; return 0; fi
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    if _ferry_usable_home "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

if ! JAVA_HOME=$(_ferry_find_jdk); then
  echo "ferry: no JDK 21 or newer found (looked at JAVA_HOME, java on the PATH and /usr/lib/jvm)." >&2
  echo "ferry: install one, e.g. 'apt-get install openjdk-21-jdk-headless' or a Temurin 21+ JDK, or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# Maven 3.8/3.9 bundle a Guava that calls sun.misc.Unsafe; JDK 24+ warns about it on every build.
if [ "$(_ferry_java_major "$JAVA_HOME/bin/java")" -ge 24 ]; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
