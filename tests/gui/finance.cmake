# Finance: the statements list, the matcher worked with the keyboard and the sign-off, real
# widgets offscreen against the real server and PostgreSQL.
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME finance_gui_server_tests SOURCES tst_finance_gui_server.cpp
                   LIBS OpsDesk::app OpsDesk::testsupport Qt6::Test PG SERVER GUI TIMEOUT 600)
  target_include_directories(finance_gui_server_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests/client)
endif()
