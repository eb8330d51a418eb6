# Catalog: real widgets on the offscreen platform against a scripted server.
opsdesk_add_test(NAME catalog_gui_tests SOURCES tst_catalog_gui.cpp
                 LIBS OpsDesk::app opsdesk_client_testkit Qt6::Test GUI)
