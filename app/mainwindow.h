#pragma once

#include <QHash>
#include <QMainWindow>

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

    bool openModule(const QString& moduleId);
    QString currentModule() const;
    QListView* navigation() const { return navigation_; }
    widgets::ModuleListModel* moduleModel() const { return model_; }

signals:
    void settingsRequested();
    void aboutRequested();
    void signOutRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateUser();
    void updateConnection();
    void onCurrentRowChanged(int row);

    widgets::ModuleContext context_;
    widgets::ModuleListModel* model_;
    QListView* navigation_;
    QLabel* brand_;
    QStackedWidget* stack_;
    QWidget* emptyPage_;
    QLabel* emptyText_;
    QHash<QString, QWidget*> pages_;

    QMenu* fileMenu_;
    QMenu* helpMenu_;
    QAction* settingsAction_;
    QAction* signOutAction_;
    QAction* quitAction_;
    QAction* aboutAction_;
    QLabel* connectionDot_;
    QLabel* connectionLabel_;
    QLabel* userLabel_;
};

}  // namespace opsdesk::app
