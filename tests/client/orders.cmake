# Orders: the service layer against a scripted local server, and against the real server.
opsdesk_add_test(NAME orders_client_tests SOURCES tst_orders_client.cpp
                 LIBS opsdesk_client_testkit OpsDesk::services Qt6::Test)
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME orders_client_server_tests SOURCES tst_orders_client_server.cpp
                   LIBS OpsDesk::testsupport OpsDesk::services Qt6::Test PG SERVER TIMEOUT 600)
endif()
