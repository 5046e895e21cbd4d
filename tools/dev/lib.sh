# Shared by the dev scripts: the repository root, build folders and timed stages.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
native_build="$top/build/native"
wasm_build="$top/build/wasm"
# Where the web build and the node tests find the engine module.
export SOS_WASM_DIR="$wasm_build/wasm"
# emcc's JavaScript optimiser looks for acorn there (see docs/building.md).
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc 2>/dev/null || echo 2)

stage_start=0
stage_name=""
stage_times=()
stage() {
  stage_end
  stage_name="$1"
  stage_start=$(date +%s)
  printf '\n=== %s\n' "$stage_name"
}
stage_end() {
  if [ -n "$stage_name" ]; then
    local took=$(( $(date +%s) - stage_start ))
    printf '=== %s: %ds\n' "$stage_name" "$took"
    stage_times+=("$(printf '%6ds  %s' "$took" "$stage_name")")
    stage_name=""
  fi
}
stage_summary() {
  stage_end
  printf '\nstage times:\n'
  printf '%s\n' "${stage_times[@]}"
}

build_native() {
  cmake -S "$top" -B "$native_build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$native_build" -j "$jobs"
}

build_wasm() {
  emcmake cmake -S "$top" -B "$wasm_build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$wasm_build" -j "$jobs"
}
