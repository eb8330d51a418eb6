# Catalog: the service layer against a scripted local server.
opsdesk_add_test(NAME catalog_client_tests SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_catalog_client.cpp
                 LIBS opsdesk_client_testkit OpsDesk::services Qt6::Test)
# Promotions: the service layer's reading of the server's promotion JSON, without a server.
opsdesk_add_test(NAME catalog_promotions_client_tests
                 SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_catalog_promotions_client.cpp
                 LIBS opsdesk_services_catalog Qt6::Test)
# Catalog: the bulk grid's model and the import answers, without a screen.
opsdesk_add_test(NAME catalog_bulk_tests SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_catalog_bulk.cpp
                 LIBS OpsDesk::services Qt6::Test)
# Virtual categories: the rule's JSON and the requests against a scripted local server.
opsdesk_add_test(NAME catalog_rules_client_tests
                 SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_catalog_rules_client.cpp
                 LIBS opsdesk_client_testkit OpsDesk::services Qt6::Test)
