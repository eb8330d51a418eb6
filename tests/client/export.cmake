# Exports: the CSV every export writes (services-client/export), without a screen.
opsdesk_add_test(NAME client_export_tests SOURCES tst_csv.cpp
                 LIBS OpsDesk::services Qt6::Test)
