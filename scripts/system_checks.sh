# System checks shared by the set-up scripts; source it, then call the functions.
#
# Each answer depends only on the machine, never on scheduling: the shared-library list is read
# once into a variable and searched in the shell. (A pipeline such as `ldconfig -p | grep -q X`
# under `set -o pipefail` fails at random: grep exits at its first match, and ldconfig, still
# writing, dies of SIGPIPE.)

system_libraries=""

# has_library NAME: true when the dynamic linker knows a library whose file name contains NAME.
has_library() {
  if [ -z "$system_libraries" ]; then
    system_libraries=$(ldconfig -p 2>/dev/null || true)
  fi
  case "$system_libraries" in
    *"$1"*) return 0 ;;
    *) return 1 ;;
  esac
}
