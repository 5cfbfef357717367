# What `cmake --install` puts where (GNU layout under the prefix), and the Debian package (cpack -G DEB).
#   bin/gwsim
#   share/gwsim/report/gwsim_report.py            found by gwsim beside its binary: ../share/gwsim (main.cpp)
#   share/gwsim/gwsim-{scenario,sweep}.schema.json  JSON Schemas for editors (docs/scenario-reference.md)
#   share/gwsim/scenarios/                        the shipped scenarios and sweeps, to copy and change
#   share/man/man1/gwsim*.1                       made from the command line's own help (gwsim man)
#   share/bash-completion/completions/gwsim       made from the same definition (gwsim completion bash)
#   share/doc/gwsim/                              README.md and docs/
# Everything here is the COMPONENT gwsim; another component (a Python package, say) can sit beside it.
include(GNUInstallDirs)

set(GWSIM_GENERATED ${PROJECT_BINARY_DIR}/share)
install(TARGETS gwsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT gwsim)
install(FILES ${PROJECT_SOURCE_DIR}/tools/report/gwsim_report.py ${PROJECT_SOURCE_DIR}/tools/report/gwsim_pareto.py
        DESTINATION ${CMAKE_INSTALL_DATADIR}/gwsim/report COMPONENT gwsim)
install(FILES ${GWSIM_GENERATED}/gwsim-scenario.schema.json ${GWSIM_GENERATED}/gwsim-sweep.schema.json
              ${GWSIM_GENERATED}/gwsim-optimize.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/gwsim COMPONENT gwsim)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/gwsim/scenarios
        COMPONENT gwsim FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY ${GWSIM_GENERATED}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT gwsim
        FILES_MATCHING PATTERN "*.1")
install(FILES ${GWSIM_GENERATED}/bash-completion/gwsim
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions COMPONENT gwsim)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT gwsim)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT gwsim
        FILES_MATCHING PATTERN "*.md")

# Debian package: Depends from the binary's shared libraries (dpkg-shlibdeps: libsimgrid3.32, libyaml-cpp0.7,
# libspdlog1.10, libsqlite3-0, libssl3, ... on Debian 12); the report's Python and matplotlib are recommended, as
# `gwsim report` is the only command that needs them.
set(CPACK_PACKAGE_NAME gwsim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "capacity-planning simulator for gigawatt-scale AI data-center rollouts")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
       "gwsim steps through a rollout of AI data centers day by day on the SimGrid discrete-event engine and "
       "answers when each gigawatt is live, how many racks and GPUs are live, what power, energy and money it "
       "takes, and which constraint holds the rollout back. Scenarios are YAML files; sweeps run what-ifs and "
       "Monte Carlo replications.")
set(CPACK_PACKAGE_CONTACT "gwsim maintainers <gwsim@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3, python3-matplotlib")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
include(CPack)
