# Sourced by the scripts: exports JAVA_HOME as a JDK 21 or newer, taken from JAVA_HOME, the java on
# the PATH, or the JDKs installed under /usr/lib/jvm, /Library/Java and SDKMAN's candidates (newest
# first), in that order.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

select_jdk() {
  local candidates=() java major found=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("${JAVA_HOME}/bin/java")
  command -v java > /dev/null 2>&1 && candidates+=("$(command -v java)")
  for home in $(ls -d /usr/lib/jvm/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/ \
      "${SDKMAN_DIR:-${HOME}/.sdkman}"/candidates/java/*/ 2> /dev/null | grep -v '/current/$' | sort -rV); do
    candidates+=("${home%/}/bin/java")
  done
  for java in "${candidates[@]}"; do
    [ -x "$java" ] || continue
    major=$(java_major "$java")
    found+=("Java ${major:-?} at ${java}")
    if [ "${major:-0}" -ge 21 ]; then
      java=$(readlink -f "$java")
      export JAVA_HOME="${java%/bin/java}"
      export PATH="${JAVA_HOME}/bin:${PATH}"
      return 0
    fi
  done
  local seen="no Java at all"
  [ ${#found[@]} -gt 0 ] && seen=$(IFS=';'; echo "${found[*]}" | sed 's/;/, /g')
  echo "Civic Dispatch needs a JDK 21 or newer, but found ${seen} (JAVA_HOME, the PATH, /usr/lib/jvm, SDKMAN): install one (e.g. apt-get install openjdk-21-jdk-headless, or sdk install java 21-tem) and set JAVA_HOME." >&2
  return 1
}
