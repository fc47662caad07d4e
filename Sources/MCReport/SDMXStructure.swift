internal import MCAggregate

/// The SDMX-ML 2.1 structure message describing every report written: agency, codelists,
/// concept scheme, one data structure definition and one dataflow per report.
struct SDMXStructure {
    let model: SDMXModel
    var method: DisclosureMethod.Name = .suppression

    static let namespaces = """
        xmlns:mes="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" \
        xmlns:str="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure" \
        xmlns:com="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
        """
    /// A fixed preparation time: structure files carry no clock, so the same store gives the same
    /// bytes (the manifest says when reports were written).
    static let prepared = "2026-01-01T00:00:00"

    static let conceptNames: [String: String] = [
        "COUNTRY": "Country of the issuer (ISO 3166-1 alpha-2; a joint award counts in each)",
        "TIME_PERIOD": "Year (or month) of issue, civil date in the issuer country",
        "EQF_LEVEL": "EQF level", "ECTS_BAND": "Notional workload band (ECTS)",
        "PARTICIPATION_FORM": "Form of participation in the learning activity",
        "ISCED_BROAD": "ISCED-F 2013 broad field of education", "QUALITY_ASSURANCE": "Type of quality assurance",
        "SUPERVISION": "Supervision and identity verification during assessment",
        "STACKABILITY": "Integration/stackability options", "AGE_BAND": "Age of the learner at issue",
        "GENDER": "Gender of the learner", "CITIZENSHIP": "Citizenship of the learner relative to the issuer country",
        "AWARDING_BODY": "Awarding body identifier as reported", "MEASURE": "Measure",
        "OBS_VALUE": "Observation value", "OBS_STATUS": "Observation status",
        "CONF_STATUS": "Confidentiality status (disclosure control)",
    ]

    /// The annotation of a dataflow whose figures the cell key method perturbed.
    static let cellKeyAnnotation = """
                <com:Annotations>
                  <com:Annotation id="DISCLOSURE_METHOD">
                    <com:AnnotationTitle>cell-key</com:AnnotationTitle>
                    <com:AnnotationType>DISCLOSURE_METHOD</com:AnnotationType>
                    <com:AnnotationText xml:lang="en">Cell key method: every count is slightly perturbed (CONF_STATUS F); figures are not additive, a total is perturbed on its own and need not equal the sum of its parts.</com:AnnotationText>
                  </com:Annotation>
                </com:Annotations>

        """

    func xml() -> String {
        let agency = SDMXReportWriter.agency
        let version = SDMXReportWriter.version
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mes:Structure \(SDMXStructure.namespaces)>\n"
        out += "  <mes:Header>\n    <mes:ID>MCSTAT_STRUCTURE</mes:ID>\n    <mes:Test>false</mes:Test>\n"
        out += "    <mes:Prepared>\(SDMXStructure.prepared)</mes:Prepared>\n    <mes:Sender id=\"\(agency)\"/>\n  </mes:Header>\n"
        out += "  <mes:Structures>\n"
        // Agency.
        out += "    <str:OrganisationSchemes>\n      <str:AgencyScheme id=\"AGENCIES\" agencyID=\"SDMX\" version=\"1.0\" isFinal=\"false\">\n"
        out += "        \(name("Agencies"))\n        <str:Agency id=\"\(agency)\">\(name("mcstat — micro-credential statistics for the EHEA"))</str:Agency>\n"
        out += "      </str:AgencyScheme>\n    </str:OrganisationSchemes>\n"
        // Dataflows.
        out += "    <str:Dataflows>\n"
        for table in model.tables {
            let id = SDMXModel.flowId(table.name)
            out += "      <str:Dataflow id=\"\(id)\" agencyID=\"\(agency)\" version=\"\(version)\" isFinal=\"true\">\n"
            if method == .cellKey && table.disclosure != nil { out += SDMXStructure.cellKeyAnnotation }
            out += "        \(name(table.title))\n        <str:Structure><Ref id=\"DSD_\(id)\" agencyID=\"\(agency)\" version=\"\(version)\" class=\"DataStructure\" package=\"datastructure\"/></str:Structure>\n"
            out += "      </str:Dataflow>\n"
        }
        out += "    </str:Dataflows>\n"
        // Codelists.
        out += "    <str:Codelists>\n"
        for (list, codes) in model.codelists.sorted(by: { $0.key < $1.key }) {
            out += "      <str:Codelist id=\"\(list)\" agencyID=\"\(agency)\" version=\"\(version)\" isFinal=\"true\">\n"
            out += "        \(name(list))\n"
            for (code, label) in codes.sorted(by: { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }) {
                out += "        <str:Code id=\"\(escape(code))\">\(name(label))</str:Code>\n"
            }
            out += "      </str:Codelist>\n"
        }
        out += "    </str:Codelists>\n"
        // Concepts.
        var concepts = Set(["MEASURE", "OBS_VALUE", "OBS_STATUS", "CONF_STATUS"])
        for table in model.tables { concepts.formUnion(model.layout(of: table).columns) }
        out += "    <str:Concepts>\n      <str:ConceptScheme id=\"CS_MCSTAT\" agencyID=\"\(agency)\" version=\"\(version)\" isFinal=\"true\">\n"
        out += "        \(name("mcstat concepts"))\n"
        for concept in concepts.sorted() {
            out += "        <str:Concept id=\"\(concept)\">\(name(SDMXStructure.conceptNames[concept] ?? concept))</str:Concept>\n"
        }
        out += "      </str:ConceptScheme>\n    </str:Concepts>\n"
        // Data structure definitions.
        out += "    <str:DataStructures>\n"
        for table in model.tables {
            let id = SDMXModel.flowId(table.name)
            let layout = model.layout(of: table)
            out += "      <str:DataStructure id=\"DSD_\(id)\" agencyID=\"\(agency)\" version=\"\(version)\" isFinal=\"true\">\n"
            out += "        \(name(table.title))\n        <str:DataStructureComponents>\n"
            out += "          <str:DimensionList id=\"DimensionDescriptor\">\n"
            for (position, column) in zip(layout.columns.indices, layout.columns) {
                let element = column == "TIME_PERIOD" ? "str:TimeDimension" : "str:Dimension"
                out += "            <\(element) id=\"\(column)\" position=\"\(position + 1)\">\n"
                out += "              \(conceptRef(column))\n"
                out += "              <str:LocalRepresentation>\(representation(column, table: table))</str:LocalRepresentation>\n"
                out += "            </\(element)>\n"
            }
            out += "          </str:DimensionList>\n          <str:AttributeList id=\"AttributeDescriptor\">\n"
            for attribute in ["OBS_STATUS", "CONF_STATUS"] {
                out += "            <str:Attribute id=\"\(attribute)\" assignmentStatus=\"Conditional\">\n"
                out += "              \(conceptRef(attribute))\n"
                out += "              <str:LocalRepresentation><str:Enumeration>\(codelistRef("CL_\(attribute)"))</str:Enumeration></str:LocalRepresentation>\n"
                out += "              <str:AttributeRelationship><str:PrimaryMeasure><Ref id=\"OBS_VALUE\"/></str:PrimaryMeasure></str:AttributeRelationship>\n"
                out += "            </str:Attribute>\n"
            }
            out += "          </str:AttributeList>\n          <str:MeasureList id=\"MeasureDescriptor\">\n"
            out += "            <str:PrimaryMeasure id=\"OBS_VALUE\">\n              \(conceptRef("OBS_VALUE"))\n"
            out += "              <str:LocalRepresentation><str:TextFormat textType=\"Double\"/></str:LocalRepresentation>\n"
            out += "            </str:PrimaryMeasure>\n          </str:MeasureList>\n"
            out += "        </str:DataStructureComponents>\n      </str:DataStructure>\n"
        }
        out += "    </str:DataStructures>\n  </mes:Structures>\n</mes:Structure>\n"
        return out
    }

    private func representation(_ column: String, table: ReportTable) -> String {
        switch column {
        case "TIME_PERIOD": return "<str:TextFormat textType=\"ObservationalTimePeriod\"/>"
        case "AWARDING_BODY": return "<str:TextFormat textType=\"String\"/>"
        case "MEASURE": return "<str:Enumeration>\(codelistRef("CL_MEASURE"))</str:Enumeration>"
        default:
            let dimension = table.dimensions.first { SDMXModel.dimensionId($0) == column } ?? column.lowercased()
            return "<str:Enumeration>\(codelistRef(SDMXModel.codelistId(dimension)))</str:Enumeration>"
        }
    }

    private func conceptRef(_ concept: String) -> String {
        "<str:ConceptIdentity><Ref id=\"\(concept)\" maintainableParentID=\"CS_MCSTAT\" maintainableParentVersion=\"\(SDMXReportWriter.version)\" agencyID=\"\(SDMXReportWriter.agency)\" class=\"Concept\" package=\"conceptscheme\"/></str:ConceptIdentity>"
    }

    private func codelistRef(_ list: String) -> String {
        "<Ref id=\"\(list)\" agencyID=\"\(SDMXReportWriter.agency)\" version=\"\(SDMXReportWriter.version)\" class=\"Codelist\" package=\"codelist\"/>"
    }

    private func name(_ text: String) -> String { "<com:Name xml:lang=\"en\">\(escape(text))</com:Name>" }

    private func escape(_ text: String) -> String { XMLText.escape(text) }
}

