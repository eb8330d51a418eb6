#pragma once

#include <QString>

namespace opsdesk::test {

// The PostgreSQL cluster ctest's `pg` fixture started (scripts/pg-cluster). Each test makes its
// own database in it.
class TestCluster {
public:
    // Reads the env file named by OPSDESK_TEST_PG_ENV; QFAIL-worthy error text in *error.
    static bool load(TestCluster* out, QString* error);

    // Creates a fresh, empty database (name from prefix plus a random suffix) owned by the
    // application role, and returns its URL for --database.
    QString createDatabase(const QString& prefix) const;
    QString urlFor(const QString& database) const;

    QString host;
    int port = 0;
    QString user;
    QString password;
};

}  // namespace opsdesk::test
