# Live feed: the client against scripted feed servers (timers fired by the test), and against
# the real server.
opsdesk_add_test(NAME feed_client_tests SOURCES tst_feed_client.cpp feedtesthelpers.h
                 LIBS opsdesk_client_testkit OpsDesk::services Qt6::Test)
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME feed_client_server_tests SOURCES tst_feed_client_server.cpp
                   LIBS OpsDesk::testsupport OpsDesk::services Qt6::Test PG SERVER TIMEOUT 600)
endif()
