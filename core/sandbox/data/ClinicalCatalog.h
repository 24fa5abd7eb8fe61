#pragma once

#include "sandbox/data/MemberStory.h"

#include <QList>
#include <QString>

namespace paw::sandbox {

/// One lab test: its LOINC code, UCUM unit and adult reference range. Values are drawn in tenths
/// of a unit times 10^-decimals, so the JSON shows them the way a lab report would.
struct LabTest
{
    Code loinc;
    QString ucum;       // UCUM code, also used as the human unit
    double low = 0;     // reference range, both included
    double high = 0;
    int decimals = 0;   // digits after the point the lab reports
};

/// A panel ordered as one: the DiagnosticReport's code and the Observations it reports.
struct LabPanel
{
    Code loinc;
    QList<LabTest> tests;
};

/// A vaccine (CVX), the ages it is given at and the dates it is given between.
struct Vaccine
{
    Code cvx;
    int minAge = 0;
    int maxAge = 120;
    QDate firstAvailable; // null: always available
    QDate lastAvailable;  // null: still given (else replaced by another product)
    bool seasonal = false; // influenza: one dose each season
};

/// An implantable device example: its SNOMED kind, the GS1 GTIN stem (13 digits, the check digit
/// is computed), and a product name.
struct ImplantModel
{
    Code type;
    QString gtinStem;
    QString name;
    QString manufacturer;
};

/// A clinical note or report type (LOINC) with the US Core category it files under.
struct NoteType
{
    Code loinc;
    Code category; // DiagnosticReport category (LOINC LP part); empty for DocumentReference notes
};

/// The code tables the clinical generator draws on, as C++ data: no file to load and the same
/// content on every machine. Codes are real (LOINC, CVX, SNOMED CT, UCUM); the selection is small
/// on purpose, enough for varied and plausible records.
class ClinicalCatalog
{
public:
    static const QList<LabPanel> &labPanels();
    /// The panel with this LOINC code, or nullptr.
    static const LabPanel *labPanel(const QString &loinc);
    static const QList<Vaccine> &vaccines();
    static const QList<Code> &allergyReactions();
    static const QList<ImplantModel> &implants();
    static const QList<NoteType> &imagingReports();
    static const NoteType &progressNote();
    static const NoteType &dischargeSummary();
};

} // namespace paw::sandbox
