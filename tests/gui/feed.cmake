# Live data in the widgets: scripted servers offscreen, and the real server.
opsdesk_add_test(NAME feed_gui_tests SOURCES tst_feed_gui.cpp
                 LIBS OpsDesk::app opsdesk_client_testkit Qt6::Test GUI)
target_include_directories(feed_gui_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests/client)
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME feed_gui_server_tests SOURCES tst_feed_gui_server.cpp
                   LIBS OpsDesk::app OpsDesk::testsupport Qt6::Test PG SERVER GUI TIMEOUT 600)
  target_include_directories(feed_gui_server_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests/client)
endif()
