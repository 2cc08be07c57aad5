#!/usr/bin/env python3
"""Runs the ground-truth programs of a `loupe shapes` set in CPython against an oracle that reads
the scene and timeline files, and reports how many give the stored answer.

Until Loupe's interpreter and tools exist, this checks that the programs are valid Python and
mean what the answers say under ViperGPT's conventions (lower/upper measured from the bottom).
Multiple-choice video programs need a controller (`select_answer`) and are only parsed.

    python3 scripts/shapes/run_programs_with_oracle.py DIR
"""
import ast
import json
import math
import os
import sys

SIZES = {"small", "large"}
COLORS = {"red", "green", "blue", "yellow", "purple", "orange", "cyan"}


def matcher(phrase):
    words = phrase.split()
    noun = words[-1]
    wanted = {"shape": None if noun == "object" else noun, "color": None, "size": None}
    for word in words[:-1]:
        wanted["size" if word in SIZES else "color" if word in COLORS else "unknown"] = word
    assert "unknown" not in wanted, phrase
    return lambda o: all(v is None or o[k] == v for k, v in wanted.items())


class ImagePatch:
    def __init__(self, scene, obj=None):
        self.scene, self.obj = scene, obj
        height = scene["height"]
        x0, y0, x1, y1 = obj["box"] if obj else (0, 0, scene["width"], height)
        self.left, self.right, self.lower, self.upper = x0, x1, height - y1, height - y0
        self.width, self.height = x1 - x0, y1 - y0
        self.horizontal_center = (self.left + self.right) / 2
        self.vertical_center = (self.lower + self.upper) / 2
        self.area = self.width * self.height

    def find(self, name):
        return [ImagePatch(self.scene, o) for o in self.scene["objects"] if matcher(name)(o)]

    def exists(self, name):
        return len(self.find(name)) > 0

    def simple_query(self, question):
        if question.startswith("What color"):
            return self.obj["color"]
        if question.startswith("What shape"):
            return self.obj["shape"]
        if question.startswith("What is written"):
            return self.obj["label"]
        raise ValueError(question)


def distance(a, b):
    u = [max(0, a.left - b.right), max(0, a.lower - b.upper)]
    v = [max(0, b.left - a.right), max(0, b.lower - a.upper)]
    gap = math.sqrt(sum(x * x for x in u + v))
    if gap > 0:
        return gap
    # Touching or overlapping: minus the intersection over union, as ViperGPT.
    inter_w = max(0, min(a.right, b.right) - max(a.left, b.left))
    inter_h = max(0, min(a.upper, b.upper) - max(a.lower, b.lower))
    inter = inter_w * inter_h
    return -inter / (a.area + b.area - inter)


def bool_to_yesno(value):
    return "yes" if value else "no"


def get_sorted_patches_left_to_right(patches):
    return sorted(patches, key=lambda p: p.horizontal_center)


def get_middle_patch(patches):
    ordered = get_sorted_patches_left_to_right(patches)
    return ordered[len(ordered) // 2]


def get_patch_closest_to_anchor_object(patches, anchor):
    return min(patches, key=lambda p: distance(p, anchor))


def get_patch_farthest_to_anchor_object(patches, anchor):
    return max(patches, key=lambda p: distance(p, anchor))


def get_largest_patch(patches):
    return max(patches, key=lambda p: p.area)


def get_smallest_patch(patches):
    return min(patches, key=lambda p: p.area)


class VideoSegment:
    def __init__(self, timeline):
        self.timeline = timeline
        self.num_frames = timeline["frame_count"]
        self.catalogue = {o["id"]: o for o in timeline["objects"]}

    def frame_from_index(self, index):
        frame = self.timeline["frames"][index]
        objects = [dict(self.catalogue[o["id"]], **o) for o in frame["objects"]]
        return ImagePatch({"width": self.timeline["width"], "height": self.timeline["height"], "objects": objects})

    def get_first_frame_with(self, name):
        return next((i for i in range(self.num_frames) if self.frame_from_index(i).exists(name)), None)


def main(root):
    functions = {name: value for name, value in globals().items() if not name.startswith("_")}
    run = passed = parsed_only = 0
    for line in open(os.path.join(root, "questions.jsonl")):
        question = json.loads(line)
        ast.parse(question["program"])
        namespace = dict(functions)
        exec(question["program"], namespace)
        if "image" in question:
            scene = json.load(open(os.path.join(root, question["image"][:-4] + ".json")))
            result = namespace["execute_command"](scene)
        elif question["answer_type"] == "choice":
            parsed_only += 1
            continue
        else:
            timeline = json.load(open(os.path.join(root, question["video"], "timeline.json")))
            result = namespace["execute_command"](timeline, question["question"], question.get("options"))
        answer = question["answer"]
        if isinstance(result, ImagePatch):
            h = result.scene["height"]
            result = [result.left, h - result.upper, result.right, h - result.lower]
        if isinstance(answer, bool):
            answer = bool_to_yesno(answer)
        run += 1
        if result == answer:
            passed += 1
        else:
            print(f"{question['id']} {question['family']}: program gives {result!r}, answer is {answer!r}")
    print(f"{passed}/{run} programs give the stored answer; {parsed_only} multiple-choice programs parsed only")
    return 0 if passed == run else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
