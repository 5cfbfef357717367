# Profile-guided optimisation of the gwsim program (opt-in: -DGWSIM_PGO=ON, Release builds with GCC).
#
# The build first configures and builds an instrumented copy of the program in <build>/pgo/build (the same sources,
# -fprofile-generate), runs it on slices of the shipped Monte Carlo sweeps and on one daily run (the training
# workload: what a planner runs most), then compiles the project's libraries and the program with -fprofile-use.
# GCC lays out branches and inlines by the measured counts; the arithmetic is unchanged (no value-changing flag), so
# the outputs are byte for byte those of a build without it (docs/performance.md shows both). Any change to a source
# rebuilds the instrumented copy, trains again and recompiles everything: use it for the binary that runs large
# sweeps, not while developing.
#
# -fprofile-prefix-path names each build's own directory, so a profile recorded for
# <build>/pgo/build/models/CMakeFiles/... is found for <build>/models/CMakeFiles/...
#
# Included twice from CMakeLists.txt: gwsim_pgo_generate_flags() before the targets are defined (the instrumented
# sub-build), gwsim_pgo_use(targets...) after them (the main build).

# In the instrumented sub-build (GWSIM_PGO_GENERATE is the profile directory): every target of the project is
# instrumented, and a sweep worker writes its counts before it leaves with _exit (sim/sweep/runner.cpp).
macro(gwsim_pgo_generate_flags)
  if(GWSIM_PGO_GENERATE)
    add_compile_options(-fprofile-generate=${GWSIM_PGO_GENERATE} -fprofile-update=single
                        -fprofile-prefix-path=${CMAKE_BINARY_DIR})
    add_link_options(-fprofile-generate=${GWSIM_PGO_GENERATE})
    add_compile_definitions(GWSIM_PGO_GENERATE)
  endif()
endmacro()

function(gwsim_pgo_use)
  if(NOT GWSIM_PGO)
    return()
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR NOT CMAKE_BUILD_TYPE STREQUAL "Release")
    message(WARNING "GWSIM_PGO applies to Release builds with GCC only; building without it")
    return()
  endif()
  include(ExternalProject)
  set(pgo_dir ${CMAKE_BINARY_DIR}/pgo)
  set(profile_dir ${pgo_dir}/profile)
  set(instrumented ${pgo_dir}/build/gwsim)
  # The sub-build shares make's jobs (a make of its own would run one job at a time).
  if(CMAKE_GENERATOR MATCHES "Make")
    set(build_command $(MAKE) gwsim)
  else()
    set(build_command ${CMAKE_COMMAND} --build <BINARY_DIR> --target gwsim)
  endif()
  set(launcher)
  if(CMAKE_CXX_COMPILER_LAUNCHER)
    set(launcher -DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER})
  endif()
  ExternalProject_Add(gwsim_pgo_instrumented
    SOURCE_DIR ${PROJECT_SOURCE_DIR}
    BINARY_DIR ${pgo_dir}/build
    CMAKE_ARGS -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER} ${launcher}
               -DGWSIM_PGO=OFF -DGWSIM_LTO=${GWSIM_LTO} -DGWSIM_BUILD_TESTS=OFF -DGWSIM_PGO_GENERATE=${profile_dir}
    BUILD_COMMAND ${build_command}
    BUILD_ALWAYS ON
    BUILD_BYPRODUCTS ${instrumented}
    INSTALL_COMMAND ""
    USES_TERMINAL_BUILD ON)
  # The training workload; the profile is recorded afresh each time the instrumented program changes.
  set(sweeps ${PROJECT_SOURCE_DIR}/scenarios/sweeps)
  set(trained ${pgo_dir}/trained)
  add_custom_command(OUTPUT ${trained}
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${profile_dir} ${pgo_dir}/train
    COMMAND ${CMAKE_COMMAND} -E make_directory ${pgo_dir}/train
    COMMAND ${instrumented} sweep ${sweeps}/rollout-10gw-monte-carlo.yaml -o ${pgo_dir}/train/mc.sqlite
            --shard 0/50 -j 2 --quiet
    COMMAND ${instrumented} sweep ${sweeps}/first-tranche-risk.yaml -o ${pgo_dir}/train/ft.sqlite
            --shard 0/20 -j 2 --quiet
    COMMAND ${instrumented} run ${PROJECT_SOURCE_DIR}/scenarios/first-tranche-2026.yaml -o ${pgo_dir}/train/run
            --quiet
    COMMAND ${CMAKE_COMMAND} -E touch ${trained}
    DEPENDS ${instrumented} gwsim_pgo_instrumented
    COMMENT "Training the instrumented gwsim for profile-guided optimisation"
    VERBATIM)
  add_custom_target(gwsim_pgo_profile DEPENDS ${trained})
  # Functions the training does not reach stay optimised as usual (-fprofile-partial-training); the file generated
  # in each build directory (the embedded configs) has its own path in each, so its profile is dropped.
  foreach(target IN LISTS ARGN)
    add_dependencies(${target} gwsim_pgo_profile)
    target_compile_options(${target} PRIVATE -fprofile-use=${profile_dir} -fprofile-partial-training
                           -fprofile-prefix-path=${CMAKE_BINARY_DIR} -Wno-missing-profile -Wno-coverage-mismatch)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "EXECUTABLE")  # the link-time optimiser's passes, by the same profile
      target_link_options(${target} PRIVATE -fprofile-use=${profile_dir} -fprofile-partial-training
                          -Wno-missing-profile)
    endif()
    get_target_property(sources ${target} SOURCES)
    set_source_files_properties(${sources} TARGET_DIRECTORY ${target} PROPERTIES OBJECT_DEPENDS ${trained})
  endforeach()
endfunction()
