# Fails when any file under models/ includes a SimGrid header or links to the engine.
# models/ holds pure models: value types and functions, no engine, no I/O.
file(GLOB_RECURSE sources "${MODELS_DIR}/*.hpp" "${MODELS_DIR}/*.cpp" "${MODELS_DIR}/*.h")
foreach(f IN LISTS sources)
  file(STRINGS "${f}" hits REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"](simgrid|xbt|spdlog|yaml-cpp)")
  if(hits)
    message(FATAL_ERROR "${f}: models/ must stay pure (no SimGrid, logging or YAML): ${hits}")
  endif()
endforeach()
