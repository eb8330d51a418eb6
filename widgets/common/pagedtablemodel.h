#pragma once

#include <QAbstractTableModel>
#include <QPointer>
#include <QTimer>
#include <chrono>

#include "services-client/api/apierror.h"

namespace opsdesk::client {
class PageRequest;
}

namespace opsdesk::widgets {

// A table fed page by page from a keyset-paged list. Pages are fetched lazily (canFetchMore /
// fetchMore, one at a time); while one loads, a "Loading…" row appears after a short delay, and
// when one fails an error row stays at the end until retry(). Subclasses keep the items and
// say how to ask for a page.
class PagedTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum class State { Idle, Loading, Failed, Complete };
    Q_ENUM(State)
    enum Role { StatusRowRole = Qt::UserRole + 100 };

    explicit PagedTableModel(QObject* parent = nullptr);
    ~PagedTableModel() override;

    State state() const { return state_; }
    // The status row's text when it shows an error.
    QString errorText() const { return errorText_; }
    bool isStatusRow(const QModelIndex& index) const;
    bool hasStatusRow() const { return statusRow_ != StatusRow::None; }
    // Zero shows the loading row at once (tests).
    void setLoadingRowDelay(std::chrono::milliseconds delay) { loadingDelay_ = delay; }

    // Forgets every row and loads the first page anew (a new filter or sort).
    void reload();
    // After a failure: asks for the page that failed again.
    void retry();

    int rowCount(const QModelIndex& parent = {}) const final;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const final;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

signals:
    void pageLoaded();
    void loadFailed(const opsdesk::client::ApiError& error);

protected:
    virtual int itemCount() const = 0;
    virtual client::PageRequest* requestPage(const QString& cursor) = 0;
    // How many items the finished request carries, then (inside begin/endInsertRows) take them.
    virtual int pageItemCount(client::PageRequest* request) const = 0;
    virtual void appendPage(client::PageRequest* request) = 0;
    virtual void clearItems() = 0;
    virtual QVariant itemData(int row, int column, int role) const = 0;
    virtual Qt::ItemFlags itemFlags(int row, int column) const;

private:
    enum class StatusRow { None, Loading, Error };

    void load();
    void onFinished();
    void setStatusRow(StatusRow row);
    void cancelPending();

    State state_ = State::Idle;
    QString cursor_;
    bool started_ = false;
    StatusRow statusRow_ = StatusRow::None;
    QString errorText_;
    QPointer<client::PageRequest> pending_;
    QTimer loadingTimer_;
    std::chrono::milliseconds loadingDelay_{400};
};

}  // namespace opsdesk::widgets
