#include "services-client/catalog/productcsvexport.h"

#include <QIODevice>
#include <QSaveFile>
#include <algorithm>

#include "services-client/api/apirequest.h"
#include "services-client/catalog/catalogapi.h"

namespace opsdesk::client {

// The request's sink: passes every piece on to the save file and counts line ends on the way,
// so the count needs no second read of the file.
class ProductCsvExport::Sink : public QIODevice {
public:
    explicit Sink(const QString& fileName) : file_(fileName) {}

    bool openFile() {
        if (!file_.open(QIODevice::WriteOnly)) {
            return false;
        }
        return open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    bool commit() {
        close();
        return file_.commit();
    }
    void discard() {
        close();
        file_.cancelWriting();
        file_.commit();  // with writing cancelled: removes the temporary file, keeps the old one
    }
    QString fileError() const { return file_.errorString(); }
    qint64 lineEnds() const { return lineEnds_; }
    qint64 bytes() const { return bytes_; }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override {
        const qint64 written = file_.write(data, size);
        if (written != size) {
            setErrorString(file_.errorString());
            return -1;
        }
        lineEnds_ += std::count(data, data + size, '\n');
        bytes_ += size;
        return size;
    }

private:
    QSaveFile file_;
    qint64 lineEnds_ = 0;
    qint64 bytes_ = 0;
};

ProductCsvExport::ProductCsvExport(CatalogApi* api, const ProductFilter& filter,
                                   const QString& fileName, QObject* parent)
    : QObject(parent), api_(api), filter_(filter), fileName_(fileName) {}

ProductCsvExport::~ProductCsvExport() {
    if (request_) {
        request_->disconnect(this);
        request_->abort();
    }
    if (running_ && sink_) {
        sink_->discard();
    }
}

qint64 ProductCsvExport::linesWritten() const {
    return sink_ ? qMax<qint64>(0, sink_->lineEnds() - 1) : 0;
}

qint64 ProductCsvExport::bytesWritten() const {
    return sink_ ? sink_->bytes() : 0;
}

void ProductCsvExport::start() {
    if (running_) {
        return;
    }
    running_ = true;
    cancelled_ = false;
    error_ = {};
    fileError_.clear();
    sink_ = std::make_unique<Sink>(fileName_);
    if (!sink_->openFile()) {
        fileError_ = sink_->fileError();
        finish(Outcome::Failed);
        return;
    }
    request_ = api_->exportCsv(filter_, sink_.get());
    connect(request_, &ApiRequest::received, this,
            [this](qint64) { emit progress(linesWritten(), bytesWritten()); });
    connect(request_, &ApiRequest::succeeded, this, [this] {
        if (!sink_->commit()) {
            fileError_ = sink_->fileError();
            finish(Outcome::Failed);
            return;
        }
        finish(Outcome::Finished);
    });
    connect(request_, &ApiRequest::failed, this, [this](const ApiError& e) {
        error_ = e;
        sink_->discard();
        finish(cancelled_ ? Outcome::Cancelled : Outcome::Failed);
    });
}

void ProductCsvExport::cancel() {
    if (!running_) {
        return;
    }
    cancelled_ = true;
    if (request_) {
        request_->abort();  // ends it as failed (Cancelled), which discards the file
    }
}

void ProductCsvExport::finish(Outcome outcome) {
    running_ = false;
    request_ = nullptr;
    emit finished(outcome);
}

}  // namespace opsdesk::client
