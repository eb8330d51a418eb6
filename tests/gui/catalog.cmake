# Catalog: real widgets on the offscreen platform against a scripted server.
opsdesk_add_test(NAME catalog_gui_tests SOURCES tst_catalog_gui.cpp
                 LIBS OpsDesk::app opsdesk_client_testkit Qt6::Test GUI)
# Promotions: the editor, the timeline and a flash sale's live stock against the real server.
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME catalog_promotions_gui_server_tests
                   SOURCES tst_catalog_promotions_gui_server.cpp
                   LIBS opsdesk_widgets_catalog OpsDesk::testsupport Qt6::Test PG SERVER GUI
                   TIMEOUT 600)
  target_include_directories(catalog_promotions_gui_server_tests PRIVATE
                             ${PROJECT_SOURCE_DIR}/tests/client)
endif()

# Catalog: the bulk grid against the real server.
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME catalog_bulk_gui_server_tests SOURCES tst_catalog_bulk_gui_server.cpp
                   LIBS OpsDesk::app OpsDesk::testsupport Qt6::Test PG SERVER GUI TIMEOUT 600)
  target_include_directories(catalog_bulk_gui_server_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests/client)
endif()

# Virtual categories: the rule builder and its live preview against the real server and feed.
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME catalog_rules_gui_server_tests SOURCES tst_catalog_rules_gui_server.cpp
                   LIBS OpsDesk::app OpsDesk::testsupport Qt6::Test PG SERVER GUI TIMEOUT 600)
  target_include_directories(catalog_rules_gui_server_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests/client)
endif()
