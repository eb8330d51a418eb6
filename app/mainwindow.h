#pragma once

#include <QHash>
#include <QMainWindow>
#include <QTimer>
#include <QVariantMap>
#include <functional>

#include "widgets/moduleregistry.h"

class QAction;
class QLabel;
class QListView;
class QMenu;
class QStackedWidget;

namespace opsdesk::widgets {
class ModuleListModel;
}

namespace opsdesk::app {

// The shell: navigation of the modules the user may open, their pages, and a status bar with
// who is signed in and how the connection is. Pages are made on first use and kept, so what the
// user had open survives a re-login.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(const widgets::ModuleContext& context, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a module the user may see; a page with a Q_INVOKABLE applyFilter(QVariantMap) gets
    // `filter`. A page with unsaved work is asked first (widgets::LeaveGuard).
    bool openModule(const QString& moduleId, const QVariantMap& filter = {});
    QString currentModule() const;
    // Signing out: the window goes without asking the page (the session is over anyway).
    void closeWithoutAsking();
    QListView* navigation() const { return navigation_; }
    widgets::ModuleListModel* moduleModel() const { return model_; }
    // The live feed's state as the status bar says it ("Live", "Reconnecting in 4 s", "Offline").
    QString feedStatusText() const;

signals:
    void settingsRequested();
    void aboutRequested();
    void signOutRequested();
    void accountRequested();

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void retranslateUi();
    void updateUser();
    void updateConnection();
    void updateFeed();
    void onCurrentRowChanged(int row);
    void applyPendingFilter(QWidget* page);
    // Asks the page on screen whether it may be left; `proceed` runs once it may.
    bool mayLeaveCurrentPage(std::function<void()> proceed);

    widgets::ModuleContext context_;
    widgets::ModuleListModel* model_;
    QListView* navigation_;
    QLabel* brand_;
    QStackedWidget* stack_;
    QWidget* emptyPage_;
    QLabel* emptyText_;
    QHash<QString, QWidget*> pages_;
    QVariantMap pendingFilter_;
    QString pendingFilterModule_;
    bool restoringRow_ = false;
    bool closeApproved_ = false;

    QMenu* fileMenu_;
    QMenu* helpMenu_;
    QAction* accountAction_;
    QAction* settingsAction_;
    QAction* signOutAction_;
    QAction* quitAction_;
    QAction* aboutAction_;
    QLabel* connectionDot_;
    QLabel* connectionLabel_;
    QLabel* userLabel_;
    QLabel* feedDot_;
    QLabel* feedLabel_;
    QTimer feedTick_;  // counts "Reconnecting in N s" down
};

}  // namespace opsdesk::app
