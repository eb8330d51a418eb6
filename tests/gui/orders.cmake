# Orders: real widgets on the offscreen platform, against a scripted server and the real one.
opsdesk_add_test(NAME orders_gui_tests SOURCES tst_orders_gui.cpp
                 LIBS OpsDesk::app opsdesk_client_testkit Qt6::Test GUI)
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME orders_gui_server_tests SOURCES tst_orders_gui_server.cpp
                   LIBS OpsDesk::app OpsDesk::testsupport Qt6::Test PG SERVER GUI TIMEOUT 600)
  target_include_directories(orders_gui_server_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests/client)
endif()

# The desktop benchmark links the real widgets; its sources live in bench/desktop (see README there).
if(NOT TARGET opsdesk-desktop-bench AND EXISTS ${PROJECT_SOURCE_DIR}/bench/desktop/CMakeLists.txt)
  add_subdirectory(${PROJECT_SOURCE_DIR}/bench/desktop ${CMAKE_BINARY_DIR}/bench-desktop)
endif()
