//! Reading the operation around the schemas: the fragment itself, its parameters, request body,
//! responses and their `content`.
//!
//! Every reader here takes its value by value and moves entries out of it (`Map::remove`, after
//! the keys have been checked), so that each `schema` reaches `schema_as_written` without a copy.

use serde_json::{Map, Value};

use super::values::{Keywords, kind_of};
use super::{Encoding, Fragment, MediaType, Parameter, Parser, RequestBody, Response};
use crate::error::Location;
use crate::spec::{Method, ParameterLocation};

impl Parser {
    pub(super) fn fragment(&mut self, value: Value, root: &Location) -> Option<Fragment> {
        let mut object = self.owned_object(value, root, "an operation fragment")?;
        self.refuse_unknown_keys(
            &object,
            root,
            "an operation fragment",
            &[
                "method",
                "path",
                "summary",
                "description",
                "operationId",
                "parameters",
                "requestBody",
                "responses",
                "deprecated",
                "tags",
            ],
        );
        let operation_id = self.required_string(&object, "operationId", root, "the fragment");
        let method = self.method(&object, root);
        let url = self.required_string(&object, "path", root, "the fragment");
        let summary = self.string(&object, "summary", root);
        let description = self.string(&object, "description", root);
        let deprecated = self.boolean(&object, "deprecated", root).unwrap_or(false);
        let tags = self.tags(&object, root);

        let parameters = object
            .remove("parameters")
            .map(|value| self.parameters(value, &root.child("parameters")))
            .unwrap_or_default();
        let request_body = object
            .remove("requestBody")
            .and_then(|body| self.request_body(body, &root.child("requestBody")));
        let responses = match object.remove("responses") {
            None => {
                self.report(root, "the fragment has no `responses`");
                Vec::new()
            }
            Some(value) => self.responses(value, &root.child("responses")),
        };
        Some(Fragment {
            location: root.clone(),
            operation_id: operation_id?,
            method: method?,
            url: url?,
            summary,
            description,
            deprecated,
            tags,
            parameters,
            request_body,
            responses,
        })
    }

    /// `tags`: an array of strings, read for grouping operations (`Grouping::FirstTag`).
    fn tags(&mut self, object: &Map<String, Value>, root: &Location) -> Vec<String> {
        let location = root.child("tags");
        match object.keyword("tags") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter_map(|(index, item)| match item {
                    Value::String(tag) => Some(tag.clone()),
                    other => {
                        self.report(
                            &location.child(index),
                            format!("a tag must be a string, found {}", kind_of(other)),
                        );
                        None
                    }
                })
                .collect(),
            Some(other) => {
                self.report(
                    &location,
                    format!(
                        "`tags` must be an array of strings, found {}",
                        kind_of(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    fn method(&mut self, object: &Map<String, Value>, root: &Location) -> Option<Method> {
        let text = self.required_string(object, "method", root, "the fragment")?;
        let method = Method::parse(&text);
        if method.is_none() {
            self.report(
                &root.child("method"),
                format!("`{text}` is not an HTTP method this generator supports"),
            );
        }
        method
    }

    fn parameters(&mut self, value: Value, location: &Location) -> Vec<Parameter> {
        let Value::Array(items) = value else {
            self.report(
                location,
                format!("`parameters` must be an array, found {}", kind_of(&value)),
            );
            return Vec::new();
        };
        items
            .into_iter()
            .enumerate()
            .filter_map(|(index, item)| self.parameter(item, &location.child(index)))
            .collect()
    }

    fn parameter(&mut self, value: Value, location: &Location) -> Option<Parameter> {
        let mut object = self.owned_object(value, location, "a parameter")?;
        self.refuse_unknown_keys(
            &object,
            location,
            "a parameter",
            &[
                "name",
                "in",
                "description",
                "required",
                "deprecated",
                "style",
                "explode",
                "schema",
            ],
        );
        let name = self.required_string(&object, "name", location, "the parameter");
        let r#in = self.parameter_location(&object, location)?;
        let description = self.string(&object, "description", location);
        let required = self.boolean(&object, "required", location).unwrap_or(false);
        let deprecated = self
            .boolean(&object, "deprecated", location)
            .unwrap_or(false);
        let style = self.string(&object, "style", location);
        let explode = self.boolean(&object, "explode", location);
        let schema = if let Some(schema) = object.remove("schema") {
            self.schema_as_written(schema, &location.child("schema"))
        } else {
            self.report(location, "the parameter has no `schema`");
            None
        };
        let (schema, raw_schema) = schema?;
        Some(Parameter {
            location: location.clone(),
            name: name?,
            r#in,
            description,
            required,
            deprecated,
            style,
            explode,
            schema,
            raw_schema,
        })
    }

    /// `in`. A parameter without a valid one is not read further: what its other keys mean
    /// depends on where it goes.
    fn parameter_location(
        &mut self,
        object: &Map<String, Value>,
        location: &Location,
    ) -> Option<ParameterLocation> {
        let text = self.required_string(object, "in", location, "the parameter")?;
        Some(match text.as_str() {
            "path" => ParameterLocation::Path,
            "query" => ParameterLocation::Query,
            "header" => ParameterLocation::Header,
            "cookie" => ParameterLocation::Cookie,
            other => {
                self.report(
                    &location.child("in"),
                    format!(
                        "`in: {other}` is not a parameter location (path, query, header, cookie)"
                    ),
                );
                return None;
            }
        })
    }

    fn request_body(&mut self, value: Value, location: &Location) -> Option<RequestBody> {
        let mut object = self.owned_object(value, location, "`requestBody`")?;
        self.refuse_unknown_keys(
            &object,
            location,
            "`requestBody`",
            &["content", "required", "description"],
        );
        let content = if let Some(content) = object.remove("content") {
            self.content(content, &location.child("content"))
        } else {
            self.report(location, "`requestBody` has no `content`");
            Vec::new()
        };
        Some(RequestBody {
            location: location.clone(),
            description: self.string(&object, "description", location),
            required: self.boolean(&object, "required", location).unwrap_or(false),
            content,
        })
    }

    fn responses(&mut self, value: Value, location: &Location) -> Vec<Response> {
        let Some(object) = self.owned_object(value, location, "`responses`") else {
            return Vec::new();
        };
        object
            .into_iter()
            .filter_map(|(status, entry)| {
                let entry_location = location.child(&status);
                self.response(status, entry, entry_location)
            })
            .collect()
    }

    fn response(&mut self, status: String, value: Value, location: Location) -> Option<Response> {
        let mut object = self.owned_object(value, &location, "a response")?;
        // Response headers and links are not exposed by the client, so they are accepted and
        // not read.
        self.refuse_unknown_keys(
            &object,
            &location,
            "a response",
            &["description", "content", "headers", "links"],
        );
        let content = object
            .remove("content")
            .map(|content| self.content(content, &location.child("content")))
            .unwrap_or_default();
        Some(Response {
            description: self.string(&object, "description", &location),
            location,
            status,
            content,
        })
    }

    fn content(&mut self, value: Value, location: &Location) -> Vec<MediaType> {
        let Some(object) = self.owned_object(value, location, "`content`") else {
            return Vec::new();
        };
        object
            .into_iter()
            .filter_map(|(media_type, entry)| {
                let entry_location = location.child(&media_type);
                self.media_type(media_type, entry, entry_location)
            })
            .collect()
    }

    fn media_type(
        &mut self,
        media_type: String,
        value: Value,
        location: Location,
    ) -> Option<MediaType> {
        let mut object = self.owned_object(value, &location, "a media type")?;
        self.refuse_unknown_keys(&object, &location, "a media type", &["schema", "encoding"]);
        let encoding = object
            .remove("encoding")
            .map(|encoding| self.encoding(encoding, &location.child("encoding")))
            .unwrap_or_default();
        let (schema, raw_schema) = object
            .remove("schema")
            .and_then(|schema| self.schema_as_written(schema, &location.child("schema")))
            .unzip();
        Some(MediaType {
            location,
            media_type,
            schema,
            raw_schema,
            encoding,
        })
    }

    /// A media type's `encoding` map. Which entries a body can honour is lower's decision;
    /// part `headers` are refused here, since no body the generator sends has parts with
    /// headers of their own.
    fn encoding(&mut self, value: Value, location: &Location) -> Vec<Encoding> {
        let Some(object) = self.owned_object(value, location, "`encoding`") else {
            return Vec::new();
        };
        let mut entries = Vec::with_capacity(object.len());
        for (property, entry) in object {
            let location = location.child(&property);
            let Some(entry) = self.owned_object(entry, &location, "an encoding") else {
                continue;
            };
            self.refuse_unknown_keys(
                &entry,
                &location,
                "an encoding",
                &[
                    "contentType",
                    "style",
                    "explode",
                    "allowReserved",
                    "headers",
                ],
            );
            if entry
                .get("headers")
                .is_some_and(|headers| headers.as_object().is_none_or(|map| !map.is_empty()))
            {
                self.report(
                    &location.child("headers"),
                    "`headers` of a body part are not supported by this generator",
                );
            }
            entries.push(Encoding {
                content_type: self.string(&entry, "contentType", &location),
                style: self.string(&entry, "style", &location),
                explode: self.boolean(&entry, "explode", &location),
                allow_reserved: self.boolean(&entry, "allowReserved", &location),
                location,
                property,
            });
        }
        entries
    }
}
