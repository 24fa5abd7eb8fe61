#pragma once

#include "auth/PendingAuthorization.h"
#include "http/HttpResponse.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace paw::auth {

/// The HTML pages of the authorization endpoint, from the Mustache templates in
/// resources/auth (HTML-escaped by default, so a client name or a scope cannot inject markup).
/// They keep DESIGN.md §2's form contract: `username`/`password`; radio `patient`; checkboxes
/// `scope` and buttons `decision` = allow|deny. Every page is uncacheable, cannot be framed, and
/// runs under a CSP that allows no script and posts forms only here (and to the app, whose
/// redirect the browser follows after the post).
class AuthorizePages
{
    Q_DECLARE_TR_FUNCTIONS(paw::auth::AuthorizePages)

public:
    struct PatientChoice
    {
        QString id;
        QString name;
        QString relationship; // "yourself", "parent of", ...
    };

    explicit AuthorizePages(QString authBase);

    http::HttpResponse login(const PendingAuthorization &pending, const QString &error = {},
                             const QString &username = {}, int status = 200) const;
    http::HttpResponse picker(const PendingAuthorization &pending, const QList<PatientChoice> &patients,
                              const QString &error = {}) const;
    /// `patientName` names whose records; `duration` says how long access lasts.
    http::HttpResponse consent(const PendingAuthorization &pending, const QString &patientName,
                               const QString &duration) const;
    static http::HttpResponse error(int status, const QString &message);

private:
    QString m_authBase;
};

} // namespace paw::auth
