# Personnel, audit and own-account service layer against the real server.
if(TARGET opsdesk-server)
  opsdesk_add_test(NAME client_personnel_server_tests
                   SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_personnel_services.cpp
                           ${CMAKE_CURRENT_LIST_DIR}/personneltesthelpers.h
                   LIBS OpsDesk::testsupport OpsDesk::services Qt6::Test PG SERVER)
endif()

# The role editor's merge logic (widgets/personnel/rolemerge), QtCore only.
opsdesk_add_test(NAME personnel_merge_tests SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_rolemerge.cpp
                 LIBS OpsDesk::widgets Qt6::Test)
