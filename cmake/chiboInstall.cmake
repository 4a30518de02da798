include(CMakePackageConfigHelpers)

install(TARGETS chibo chibo_shared chibo_cli chibo_plugin_sdk
  EXPORT chiboTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/chibo DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(chibo_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/chibo)
install(EXPORT chiboTargets NAMESPACE chibo:: DESTINATION ${chibo_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/chiboConfig.cmake.in
  ${PROJECT_BINARY_DIR}/chiboConfig.cmake INSTALL_DESTINATION ${chibo_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/chiboConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/chiboConfig.cmake ${PROJECT_BINARY_DIR}/chiboConfigVersion.cmake
  DESTINATION ${chibo_cmake_dir})

# The .pc file names its prefix relative to itself, so that it is right wherever the tree is
# installed (cmake --install --prefix P) or moved.
file(RELATIVE_PATH CHIBO_PC_PREFIX /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
string(REGEX REPLACE "/$" "" CHIBO_PC_PREFIX "${CHIBO_PC_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/chibo.pc.in ${PROJECT_BINARY_DIR}/chibo.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/chibo.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
