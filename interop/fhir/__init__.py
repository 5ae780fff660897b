"""FHIR R4 exchange: the code systems and units used, and the export of a signed workup."""
