#include "testcluster.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QUrl>

namespace opsdesk::test {

namespace {

// Runs one SQL statement as the application role against the `postgres` database.
bool runSql(const TestCluster& c, const QString& sql, QString* error) {
    QProcess psql;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("PGPASSWORD", c.password);
    psql.setProcessEnvironment(env);
    psql.start("psql", {"-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", c.host, "-p",
                        QString::number(c.port), "-U", c.user, "-d", "postgres", "-c", sql});
    if (!psql.waitForFinished(60'000) || psql.exitCode() != 0) {
        if (error) {
            *error = QString::fromUtf8(psql.readAllStandardError());
        }
        return false;
    }
    return true;
}

}  // namespace

bool TestCluster::load(TestCluster* out, QString* error) {
    const QString path = qEnvironmentVariable("OPSDESK_TEST_PG_ENV");
    if (path.isEmpty()) {
        *error = "OPSDESK_TEST_PG_ENV is not set: run this test through ctest";
        return false;
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = "cannot read " + path + ": did the pg_cluster_start fixture run?";
        return false;
    }
    TestCluster c;
    for (const QByteArray& raw : f.readAll().split('\n')) {
        const int eq = raw.indexOf('=');
        if (eq <= 0) {
            continue;
        }
        const QString key = QString::fromUtf8(raw.left(eq));
        const QString value = QString::fromUtf8(raw.mid(eq + 1)).trimmed();
        if (key == "PGHOST") {
            c.host = value;
        } else if (key == "PGPORT") {
            c.port = value.toInt();
        } else if (key == "OPSDESK_PG_USER") {
            c.user = value;
        } else if (key == "OPSDESK_PG_PASSWORD") {
            c.password = value;
        }
    }
    if (c.host.isEmpty() || c.port == 0 || c.user.isEmpty()) {
        *error = path + " is incomplete";
        return false;
    }
    *out = c;
    return true;
}

QString TestCluster::createDatabase(const QString& prefix) const {
    const QString name = QString("%1_%2")
                             .arg(prefix.toLower())
                             .arg(QRandomGenerator::global()->generate64() % 100000000000ULL);
    QString error;
    if (!runSql(*this, QString("CREATE DATABASE %1 OWNER %2").arg(name, user), &error)) {
        qFatal("cannot create test database %s: %s", qPrintable(name), qPrintable(error));
    }
    return urlFor(name);
}

QString TestCluster::urlFor(const QString& database) const {
    QUrl url;
    url.setScheme("postgresql");
    url.setUserName(user);
    url.setPassword(password);
    url.setHost(host);
    url.setPort(port);
    url.setPath("/" + database);
    return url.toString();
}

}  // namespace opsdesk::test
