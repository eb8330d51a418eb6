# Personnel, audit and account screens: their models, and the real widgets against the real
# server.
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME gui_personnel_model_tests
                   SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_personnel_models.cpp
                   LIBS OpsDesk::widgets OpsDesk::testsupport Qt6::Test PG SERVER GUI)
  target_include_directories(gui_personnel_model_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests/client)
  opsdesk_add_test(NAME gui_personnel_server_tests
                   SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_personnel_gui.cpp
                   LIBS OpsDesk::app OpsDesk::testsupport Qt6::Test PG SERVER GUI TIMEOUT 600)
  target_include_directories(gui_personnel_server_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests/client)
endif()
