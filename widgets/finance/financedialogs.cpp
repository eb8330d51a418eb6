#include "widgets/finance/financedialogs.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "services-client/api/apirequest.h"
#include "services-client/finance/financeapi.h"
#include "widgets/common/format.h"
#include "widgets/common/messageline.h"
#include "widgets/finance/financetext.h"

namespace opsdesk::widgets {

ReasonDialog::ReasonDialog(const QString& title, const QString& prompt, QWidget* parent,
                           int maxLength, bool allowEmpty)
    : QDialog(parent), maxLength_(maxLength), allowEmpty_(allowEmpty) {
    setWindowTitle(title);
    auto* layout = new QVBoxLayout(this);
    auto* label = new QLabel(prompt, this);
    label->setWordWrap(true);
    layout->addWidget(label);
    edit_ = new QPlainTextEdit(this);
    edit_->setObjectName(QStringLiteral("reasonEdit"));
    edit_->setTabChangesFocus(true);
    edit_->setMinimumHeight(70);
    label->setBuddy(edit_);
    layout->addWidget(edit_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(edit_, &QPlainTextEdit::textChanged, this, &ReasonDialog::updateOk);
    updateOk();
    resize(420, sizeHint().height());
}

QString ReasonDialog::text() const {
    return edit_->toPlainText().trimmed();
}

void ReasonDialog::setText(const QString& text) {
    edit_->setPlainText(text);
}

void ReasonDialog::updateOk() {
    const int length = int(text().size());
    buttons_->button(QDialogButtonBox::Ok)
        ->setEnabled((allowEmpty_ || length > 0) && length <= maxLength_);
}

SignOffDialog::SignOffDialog(client::FinanceApi* api, const client::Statement& s, QWidget* parent)
    : QDialog(parent), api_(api), statement_(s), key_(client::ApiRequest::newIdempotencyKey()) {
    setWindowTitle(Finance::tr("Sign off statement"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(
        Finance::tr("Signing off freezes this statement: its matches cannot change until an "
                    "approver reopens it. This is the summary that will be kept:"),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    const QString c = s.currency;
    const auto row = [](const QString& label, const QString& value) {
        return QStringLiteral("<tr><td>%1</td><td align=\"right\">&nbsp;&nbsp;%2</td></tr>")
            .arg(label.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString html = QStringLiteral("<table>");
    html += row(Finance::tr("Account"), s.account);
    html += row(Finance::tr("Period"),
                Finance::tr("%1 to %2").arg(Format::date(s.from), Format::date(s.to)));
    html += row(Finance::tr("Lines"), QLocale().toString(s.lineCount));
    html += row(Finance::tr("Matched"), QLocale().toString(s.matched));
    html += row(Finance::tr("Excluded (not payments)"), QLocale().toString(s.excluded));
    html += row(Finance::tr("Left unmatched"), QLocale().toString(s.unmatched));
    html += row(Finance::tr("Suggestions waiting"), QLocale().toString(s.suggested));
    html += row(Finance::tr("Total of the lines"), Format::money(s.linesTotalMinor, c));
    html += row(Finance::tr("Total matched"), Format::money(s.matchedTotalMinor, c));
    html += row(Finance::tr("Written off"), Format::money(s.writeOffTotalMinor, c));
    html += QStringLiteral("</table>");
    summary_ = new QLabel(html, this);
    summary_->setObjectName(QStringLiteral("signOffSummary"));
    summary_->setTextFormat(Qt::RichText);
    layout->addWidget(summary_);
    if (s.unmatched > 0) {
        auto* warn =
            new QLabel(Finance::tr("%n line(s) stay unmatched and will be signed off as they are.",
                                   nullptr, int(s.unmatched)),
                       this);
        warn->setWordWrap(true);
        layout->addWidget(warn);
    }
    message_ = new MessageLine(QStringLiteral("signOffMessage"), this);
    layout->addWidget(message_);
    buttons_ = new QDialogButtonBox(this);
    auto* confirm = buttons_->addButton(Finance::tr("Sign off"), QDialogButtonBox::AcceptRole);
    confirm->setObjectName(QStringLiteral("confirmSignOff"));
    buttons_->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &SignOffDialog::submit);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void SignOffDialog::submit() {
    if (request_) {
        return;
    }
    message_->showInfo(Finance::tr("Signing off…"));
    buttons_->setEnabled(false);
    request_ = api_->signOff(statement_.id, statement_.version, key_);
    connect(request_, &client::ApiRequest::finished, this, [this, r = request_.data()] {
        buttons_->setEnabled(true);
        if (r->succeededOutcome()) {
            emit signedOff(r->statement());
            accept();
            return;
        }
        if (r->error().httpStatus == 412) {
            message_->showError(
                Finance::tr("The statement changed since this summary was "
                            "made. Close this dialog and look again before "
                            "signing off."));
            return;
        }
        message_->showError(FinanceText::refusal(r->error(), statement_.currency));
    });
}

}  // namespace opsdesk::widgets
