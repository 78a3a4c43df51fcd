# Sourced by the scripts: exports JAVA_HOME as a JDK 21 or newer, taken from JAVA_HOME, the java on
# the PATH, or the JDKs installed under /usr/lib/jvm and /Library/Java (newest first), in that order.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

select_jdk() {
  local candidates=() java major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("${JAVA_HOME}/bin/java")
  command -v java > /dev/null 2>&1 && candidates+=("$(command -v java)")
  for home in $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ 2> /dev/null | sort -rV); do
    candidates+=("${home%/}/bin/java")
  done
  for java in "${candidates[@]}"; do
    [ -x "$java" ] || continue
    major=$(java_major "$java")
    if [ "${major:-0}" -ge 21 ]; then
      java=$(readlink -f "$java")
      export JAVA_HOME="${java%/bin/java}"
      export PATH="${JAVA_HOME}/bin:${PATH}"
      return 0
    fi
  done
  echo "No JDK 21 or newer found (JAVA_HOME, java on the PATH, /usr/lib/jvm): install one and set JAVA_HOME." >&2
  return 1
}
